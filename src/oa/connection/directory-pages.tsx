/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Flash, readForm } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../kernel/errors.ts";
import { getOaDirectoryShown, listOaDepartments, listOaRefreshesShown, listOaUsers } from "./directory.ts";
import { type Browse, DeptTree, PAGE_SIZE, Pager, UserSearch, UserTable } from "./directory-browse.tsx";
import { DirectorySummary, RefreshTable } from "./directory-parts.tsx";
import { to } from "../i18n.ts";
import { ErrorFlash, inTenant, renderOaPage, type TenantCtx } from "../page-parts.tsx";
import { REFRESH_KINDS, refreshOaDirectory } from "./refresh.ts";

const HISTORY = 20;
const MAX_PAGE = 100_000;

function browseOf(c: AdminContext): Browse {
  const page = Number.parseInt(c.req.query("page") ?? "1", 10);
  return {
    q: (c.req.query("q") ?? "").trim().slice(0, 100),
    dept: (c.req.query("dept") ?? "").slice(0, 500),
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

async function renderDirectory(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const b = browseOf(c);
  const [dir, history, depts, users] = await Promise.all([
    getOaDirectoryShown(deps, ctx),
    listOaRefreshesShown(deps, ctx, HISTORY),
    listOaDepartments(deps, ctx),
    listOaUsers(deps, ctx, { q: b.q || undefined, deptId: b.dept || undefined, offset: (b.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
  ]);
  const deptNames = new Map(depts.map((d) => [d.id, d.name]));
  const done = c.req.query("done") === "refreshed" && !failed && dir.lastRefresh?.status === "ok";
  return renderOaPage(
    c,
    "directory",
    (v) => (
      <>
        <p class="muted">{to(v.lang, "dir.intro")}</p>
        {failed && <ErrorFlash v={v} err={failed} />}
        {done && dir.lastRefresh && (
          <Flash kind="ok">{to(v.lang, dir.lastRefresh.kind === "changes" ? "dir.changesRead" : "dir.refreshed", { departments: dir.lastRefresh.departments ?? 0, users: dir.lastRefresh.users ?? 0 })}</Flash>
        )}
        <DirectorySummary v={v} d={dir} />
        <h2>{to(v.lang, "dir.history")}</h2>
        <RefreshTable v={v} items={history} />
        <h2>{to(v.lang, "dir.departments")}</h2>
        <DeptTree v={v} depts={depts} current={b.dept} />
        <h2 id="people">{to(v.lang, "dir.users")}</h2>
        <UserSearch v={v} b={b} deptName={deptNames.get(b.dept)} />
        <UserTable v={v} items={users.items} deptNames={deptNames} />
        <Pager v={v} b={b} total={users.total} />
      </>
    ),
    failed?.status,
  );
}

/** "Refresh now": a good refresh goes back to the page (its counts are there); a failed one says why. */
async function refreshNow(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const asked = (await readForm(c)).text("kind");
  const kind = REFRESH_KINDS.find((k) => k === asked) ?? "full";
  try {
    await refreshOaDirectory(deps, ctx.tenant.id, "manual", kind);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return renderDirectory(c, deps, ctx, e);
  }
  return c.redirect("/admin/oa/directory?done=refreshed", 303);
}

/** The OA directory snapshot: counts, refreshes, and browsing departments and people. */
export function directoryPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  const withTenant = inTenant("directory");
  r.get("/oa", (c) => c.redirect("/admin/oa/directory", 303));
  r.get("/oa/directory", withTenant((c, ctx) => renderDirectory(c, deps, ctx)));
  r.post("/oa/refresh", withTenant((c, ctx) => refreshNow(c, deps, ctx)));
  return r;
}
