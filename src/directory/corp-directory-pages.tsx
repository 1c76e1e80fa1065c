/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Badge, type View } from "../ui/index.ts";
import { renderError } from "../kernel/error-catalog.ts";
import type { Deps } from "../deps.ts";
import { type CorpView, getCorp, listCorps } from "../corps/index.ts";
import { listDeptChildren, listWelinkPeople, PEOPLE_FILTERS, ROOT_DEPT } from "./browse.ts";
import { CorpPicker, DeptLevel, type DirBrowse, editHref, PAGE_SIZE, PeoplePager, PeopleSearch, PeopleTable } from "./directory-views.tsx";
import { listDeptBindings } from "./dept-bindings.ts";
import { td } from "./i18n.ts";
import { RuleRunResult, RunRuleForm, ruleRunPages } from "./rule-run-pages.tsx";
import { corpBase, doneFlash, renderAreaPage, renderCorpPage, type TenantCtx, withTenant } from "./page-parts.tsx";

const MAX_PAGE = 100_000;

function browseOf(c: AdminContext): DirBrowse {
  const page = Number.parseInt(c.req.query("page") ?? "1", 10);
  const filter = PEOPLE_FILTERS.find((f) => f === c.req.query("filter")) ?? "all";
  return {
    parent: (c.req.query("parent") ?? "").slice(0, 128) || ROOT_DEPT,
    dept: (c.req.query("dept") ?? "").slice(0, 128),
    q: (c.req.query("q") ?? "").trim().slice(0, 100),
    filter,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** Why a read-only corp's directory has no edit links: the refusal every edit would meet, in words (binding stays allowed). */
const ReadOnlyNote = ({ v, corp }: { v: View; corp: CorpView }) => (
  <p class="muted">
    <Badge>{td(v.lang, "edit.readOnly")}</Badge> {renderError("CORP_READ_ONLY", v.lang, { variant: "edit", corp: corp.name, corpId: corp.id })}
  </p>
);

const OaLink = ({ lang }: { lang: Parameters<typeof td>[0] }) => (
  <p class="muted">
    <a href="/admin/oa/directory">{td(lang, "wd.oaDirectory")}</a>
  </p>
);

/** The area's landing page: one corp goes straight to its directory, several are listed. */
async function pickCorp(c: AdminContext, deps: Deps, ctx: TenantCtx, area: "directory" | "runs") {
  const corps = await listCorps(deps, ctx);
  const only = corps[0];
  if (corps.length === 1 && only) return c.redirect(area === "runs" ? `${corpBase(only.id)}/runs` : corpBase(only.id), 303);
  const active = area === "runs" ? "sync" : "directory";
  return renderAreaPage(
    c,
    td(c.get("lang"), "wd.title"),
    (v) => (
      <>
        <p class="muted">{td(v.lang, "wd.intro")}</p>
        {corps.length === 0 ? (
          <p>
            {td(v.lang, "wd.noCorps")} <a href="/admin/corps/new">{td(v.lang, "wd.addCorp")}</a>
          </p>
        ) : (
          <CorpPicker v={v} corps={corps} />
        )}
        <OaLink lang={v.lang} />
      </>
    ),
    active,
  );
}

async function directory(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const b = browseOf(c);
  const [corps, level, people, links] = await Promise.all([
    listCorps(deps, ctx),
    listDeptChildren(deps, ctx, corp.id, b.parent),
    listWelinkPeople(deps, ctx, corp.id, { q: b.q, filter: b.filter, deptCode: b.dept || undefined, offset: (b.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    listDeptBindings(deps, ctx, corp.id),
  ]);
  const editable = corp.contactPermission === "read-write";
  return renderCorpPage(c, corp, { tab: "directory" }, (v) => (
    <>
      <CorpPicker v={v} corps={corps} current={corp.id} />
      {doneFlash(c)}
      <RuleRunResult c={c} v={v} corpId={corp.id} />
      <RunRuleForm v={v} corpId={corp.id} ruleOn={corp.bindingRule.enabled} />
      <OaLink lang={v.lang} />
      <h2>{td(v.lang, "tree.title")}</h2>
      {!editable && <ReadOnlyNote v={v} corp={corp} />}
      <DeptLevel v={v} corpId={corp.id} b={b} parent={level.parent} items={level.items} links={new Map(links.map((l) => [l.deptCode, l]))} editable={editable} />
      <h2 id="people">{td(v.lang, "people.title")}</h2>
      {editable && <p><a href={`${editHref(corp.id, "person/new")}${b.dept ? `?dept=${encodeURIComponent(b.dept)}` : ""}`} class="button secondary small">{td(v.lang, "edit.newPerson")}</a></p>}
      <PeopleSearch v={v} corpId={corp.id} b={b} />
      <PeopleTable v={v} corpId={corp.id} items={people.items} editable={editable} />
      <PeoplePager v={v} corpId={corp.id} b={b} total={people.total} />
    </>
  ));
}

/** The WeLink directory of each corp: the tree (one level at a time) and the people list. */
export function corpDirectoryPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory", withTenant((c, ctx) => pickCorp(c, deps, ctx, "directory")));
  r.get("/sync", withTenant((c, ctx) => pickCorp(c, deps, ctx, "runs")));
  r.get("/directory/:corpId", withTenant((c, ctx) => directory(c, deps, ctx)));
  r.route("/", ruleRunPages(deps));
  return r;
}
