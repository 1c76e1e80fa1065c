/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import type { Lang } from "../kernel/i18n.ts";
import { type AdminContext, type AdminEnv, Badge, Field, Flash, formatTime, renderPage, type TenantCtx, tenantGuard, type View } from "../ui/index.ts";
import { type Answer, type Check, QUESTIONS, type Question } from "./answer.ts";
import { type Explained, type ExplainedPerson, explainPeople } from "./explain.ts";
import { checkText, te } from "./i18n.ts";
import { MAX_PEOPLE } from "./store.ts";

/** The explain page (/admin/explain): search a person, then four answers with the checks behind them. */

export const EXPLAIN_NAV = "explain";

const VERDICT_BADGE = { yes: "ok", no: "bad", unknown: "warn", notApplicable: undefined } as const;
const STATE_BADGE = { ok: "ok", bad: "bad", unknown: "warn", info: undefined } as const;

function verdictWord(lang: Lang, q: Question, a: Answer): string {
  if (q === "syncScope" && (a.verdict === "yes" || a.verdict === "no")) return te(lang, `scope.verdict.${a.verdict}`);
  return te(lang, `verdict.${a.verdict}`);
}

function CheckLine({ v, c }: { v: View; c: Check }) {
  return (
    <li data-check={c.code} data-state={c.state}>
      <Badge kind={STATE_BADGE[c.state]}>{te(v.lang, `state.${c.state}`)}</Badge> {checkText(v.lang, c, (at) => formatTime(v, at))}
      {c.fix && c.state !== "ok" && <> <a href={c.fix}>{te(v.lang, "fix")}</a></>}
    </li>
  );
}

function QuestionBlock({ v, q, a }: { v: View; q: Question; a: Answer }) {
  return (
    <section data-question={q} data-verdict={a.verdict}>
      <h3>
        {te(v.lang, `q.${q}`)} <Badge kind={VERDICT_BADGE[a.verdict]}>{verdictWord(v.lang, q, a)}</Badge>
      </h3>
      <ul>{a.checks.map((c) => <CheckLine v={v} c={c} />)}</ul>
    </section>
  );
}

function PersonPanel({ v, p }: { v: View; p: ExplainedPerson }) {
  return (
    <div class="panel spaced" data-person={p.welink?.userId ?? p.oa?.id}>
      <h2>{p.welink?.name ?? p.oa?.name}</h2>
      <p class="muted">
        {te(v.lang, "person.corp", { corp: p.corp.name })} · {p.welink ? te(v.lang, "person.welink", { name: p.welink.name, id: p.welink.userId }) : te(v.lang, "person.noWelink")} ·{" "}
        {p.oa && p.binding ? te(v.lang, "person.oa", { name: p.oa.name, account: p.oa.account }) : te(v.lang, "person.noOa")}
      </p>
      {QUESTIONS.map((q) => <QuestionBlock v={v} q={q} a={p.answers[q]} />)}
    </div>
  );
}

function SearchForm({ v, q }: { v: View; q: string }) {
  return (
    <form method="get" action="/admin/explain" class="panel inline" role="search" aria-label={te(v.lang, "title")}>
      <Field name="q" label={te(v.lang, "search")} value={q} maxlength={100} autofocus />
      <div class="buttons">
        <button type="submit" class="button">{te(v.lang, "go")}</button>
      </div>
    </form>
  );
}

async function page(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const q = (c.req.query("q") ?? "").trim();
  const title = te(c.get("lang"), "title");
  let result: Explained | null = null;
  let tooShort = false;
  if (q.length >= 2 && q.length <= 100) result = await explainPeople(deps, ctx, { q, corpId: c.req.query("corpId") || undefined });
  else tooShort = q.length > 0;
  return renderPage(c, { title, active: EXPLAIN_NAV, status: tooShort ? 422 : 200 }, (v) => (
    <>
      <h1>{title}</h1>
      <p class="muted">{te(v.lang, "intro")}</p>
      <SearchForm v={v} q={q} />
      {tooShort && <Flash kind="error">{te(v.lang, "tooShort")}</Flash>}
      {result && result.people.length === 0 && <Flash kind="warn">{te(v.lang, "none", { q })}</Flash>}
      {result?.truncated && <Flash kind="warn">{te(v.lang, "more", { n: MAX_PEOPLE })}</Flash>}
      {result?.people.map((p) => <PersonPanel v={v} p={p} />)}
    </>
  ));
}

const withTenant = tenantGuard({ active: EXPLAIN_NAV, title: (l) => te(l, "title"), chooseTenant: (l) => te(l, "chooseTenant") });

export function explainPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get(
    "/explain",
    withTenant(async (c, ctx) => {
      try {
        return await page(c, deps, ctx);
      } catch (e) {
        // Another tenant's (or no such) enterprise in ?corpId: the same page, searching every enterprise.
        if (e instanceof AppError && e.code === "NOT_FOUND" && c.req.query("corpId")) return c.redirect(`/admin/explain?q=${encodeURIComponent(c.req.query("q") ?? "")}`, 303);
        throw e;
      }
    }),
  );
  return r;
}
