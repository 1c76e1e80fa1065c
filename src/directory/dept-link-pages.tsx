/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, ErrorFlash, Field, PostForm, readForm, SelectField } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { t } from "../kernel/i18n.ts";
import { getCorp } from "../corps/index.ts";
import { deptWithLink, linkDept, searchOaDepts, unlinkDept } from "./dept-bindings.ts";
import { deptLinkHref } from "./directory-views.tsx";
import { td } from "./i18n.ts";
import { corpBase, doneFlash, renderCorpPage, type TenantCtx, withTenant } from "./page-parts.tsx";

/** OA departments listed in the picker at once: the search narrows a larger snapshot. */
const PICK_LIMIT = 100;
const ids = (c: AdminContext) => ({ corpId: c.req.param("corpId") ?? "", deptCode: c.req.param("deptCode") ?? "" });

const refusal = (e: unknown): AppError => {
  if (e instanceof AppError && e.status < 500) return e;
  throw e;
};

/** One WeLink department's OA link: the current one, unlink, and a searchable pick of the OA snapshot. */
async function linkPage(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const { corpId, deptCode } = ids(c);
  const corp = await getCorp(deps, ctx, corpId);
  const dept = await deptWithLink(deps, ctx, corp.id, deptCode);
  const q = (c.req.query("q") ?? "").trim().slice(0, 100);
  const found = await searchOaDepts(deps, ctx, corp.id, q, PICK_LIMIT);
  const self = deptLinkHref(corp.id, deptCode);
  const title = td(c.get("lang"), "link.title", { dept: dept.nameCn });
  return renderCorpPage(c, corp, { tab: "directory", title, status: failed?.status }, (v) => (
    <>
      <p>
        <a href={corpBase(corp.id)}>{td(v.lang, "link.back")}</a>
      </p>
      {doneFlash(c)}
      {failed && <ErrorFlash v={v} err={failed} />}
      <p class="muted">{td(v.lang, "link.intro")}</p>
      {dept.link ? (
        <PostForm v={v} action={`${self}/unlink`} class="panel stack" label={td(v.lang, "link.unlink")}>
          <p id="current-link">{td(v.lang, "link.current", { path: dept.link.oaPath?.join(" / ") ?? dept.link.oaDeptId })}</p>
          <div class="buttons">
            <button type="submit" class="button secondary danger-text">{td(v.lang, "link.unlink")}</button>
          </div>
        </PostForm>
      ) : (
        <p id="current-link">{td(v.lang, "link.none")}</p>
      )}
      <form method="get" action={self} class="panel inline" aria-label={td(v.lang, "link.search")}>
        <Field name="q" label={td(v.lang, "link.search")} value={q} maxlength={100} />
        <div class="buttons">
          <button type="submit" class="button secondary">{t(v.lang, "common.filter")}</button>
        </div>
      </form>
      {found.items.length === 0 ? (
        <p class="muted">{td(v.lang, "link.noOa")}</p>
      ) : (
        <PostForm v={v} action={self} class="panel stack" label={td(v.lang, "link.submit")}>
          {found.total > found.items.length && <p class="muted">{td(v.lang, "link.found", { total: found.total, shown: found.items.length })}</p>}
          <SelectField name="oaDeptId" label={td(v.lang, "link.pick")} value={dept.link?.oaDeptId ?? ""} options={found.items.map((d) => ({ value: d.id, label: `${d.path.join(" / ")} (${d.id})` }))} />
          <div class="buttons">
            <button type="submit" class="button">{td(v.lang, "link.submit")}</button>
          </div>
        </PostForm>
      )}
    </>
  ));
}

async function link(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { corpId, deptCode } = ids(c);
  const form = await readForm(c);
  try {
    await linkDept(deps, ctx, corpId, deptCode, form.text("oaDeptId"));
  } catch (e) {
    return linkPage(c, deps, ctx, refusal(e));
  }
  return c.redirect(`${deptLinkHref(corpId, deptCode)}?done=linked`, 303);
}

async function unlink(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { corpId, deptCode } = ids(c);
  try {
    await unlinkDept(deps, ctx, corpId, deptCode);
  } catch (e) {
    return linkPage(c, deps, ctx, refusal(e));
  }
  return c.redirect(`${deptLinkHref(corpId, deptCode)}?done=unlinked`, 303);
}

/** Linking a WeLink department to an OA department by hand (the tree links here). */
export function deptLinkPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/depts/:deptCode/link", withTenant((c, ctx) => linkPage(c, deps, ctx)));
  r.post("/directory/:corpId/depts/:deptCode/link", withTenant((c, ctx) => link(c, deps, ctx)));
  r.post("/directory/:corpId/depts/:deptCode/link/unlink", withTenant((c, ctx) => unlink(c, deps, ctx)));
  return r;
}
