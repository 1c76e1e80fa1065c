/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Flash, PostForm, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { getCorp, termKeyText } from "../corps/index.ts";
import { autoBindCorp, type AutoBindSummary } from "./bindings-auto.ts";
import { td } from "./i18n.ts";
import { corpBase, type TenantCtx, withTenant } from "./page-parts.tsx";

/** "Run the binding rule now": the same use case as POST /api/v1/corps/{corpId}/auto-bind. */
export function RunRuleForm({ v, corpId, ruleOn }: { v: View; corpId: string; ruleOn: boolean }) {
  if (!ruleOn) {
    return (
      <p class="muted">
        {td(v.lang, "rule.off")} <a href={`/admin/corps/${corpId}/edit`}>{td(v.lang, "rule.turnOn")}</a>
      </p>
    );
  }
  return (
    <PostForm v={v} action={`${corpBase(corpId)}/auto-bind`} class="inline">
      <button type="submit" class="button secondary">{td(v.lang, "rule.run")}</button>{" "}
      <span class="muted">{td(v.lang, "rule.runHint")}</span>
    </PostForm>
  );
}

const figure = (c: AdminContext, name: string) => {
  const n = Number.parseInt(c.req.query(name) ?? "", 10);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** What the rule did, in words, after the redirect; the review queue is one click away. */
export function RuleRunResult({ c, v, corpId }: { c: AdminContext; v: View; corpId: string }) {
  const bound = figure(c, "ruleBound");
  const review = figure(c, "ruleReview");
  const unmatched = figure(c, "ruleUnmatched");
  if (bound === undefined || review === undefined || unmatched === undefined) return null;
  const byTerm = termCounts(c.req.query("ruleTerms"));
  return (
    <Flash kind={review > 0 ? "warn" : "ok"}>
      {td(v.lang, "rule.result", { bound, review, unmatched })}{" "}
      {review > 0 && <a href={`${corpBase(corpId)}/reviews`}>{td(v.lang, "rule.toReview")}</a>}
      {byTerm.length > 0 && (
        <ul class="rule-terms">
          {byTerm.map(([key, n]) => (
            <li>{td(v.lang, "rule.byTerm", { term: termKeyText(v.lang, key), n })}</li>
          ))}
        </ul>
      )}
    </Flash>
  );
}

/** "key=n,key=n" (term keys never hold "=" or ","): which term bound how many, for the flash. */
const termsParam = (s: AutoBindSummary) =>
  s.byTerm
    .filter((t) => t.bound > 0)
    .map((t) => `${t.term}=${t.bound}`)
    .join(",");

function termCounts(raw: string | undefined): [string, number][] {
  return (raw ?? "").split(",").flatMap((part) => {
    const [key, n] = part.split("=");
    const count = Number(n);
    return key && Number.isInteger(count) && count > 0 ? [[key, count] as [string, number]] : [];
  });
}

async function run(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const s = await autoBindCorp(deps, corp.id, ctx);
  const terms = termsParam(s);
  return c.redirect(`${corpBase(corp.id)}?ruleBound=${s.bound}&ruleReview=${s.review}&ruleUnmatched=${s.unmatched}${terms ? `&ruleTerms=${encodeURIComponent(terms)}` : ""}`, 303);
}

export function ruleRunPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.post("/directory/:corpId/auto-bind", withTenant((c, ctx) => run(c, deps, ctx)));
  return r;
}
