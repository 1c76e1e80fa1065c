/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { AuditTable, listAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type AdminContext, type AdminEnv, ctxOf, NAV_ITEMS, type NavItem, renderPage, sessionOf, ta, type View } from "../ui/index.ts";
import { gettingStarted } from "./checklist.ts";
import { Checklist, CorpCard } from "./dashboard.tsx";
import { overviewFigures } from "./figures.ts";
import { to } from "./i18n.ts";

/** The tenant's part: the getting-started list (until done) and one card per WeLink enterprise. */
async function tenantDashboard(deps: Deps, ctx: Ctx) {
  if (!ctx.tenant) return null;
  const tenant = ctx.tenant;
  const figures = await overviewFigures(deps, { ...ctx, tenant });
  const checklist = await gettingStarted(deps, tenant, figures);
  return (v: View) => (
    <>
      <Checklist v={v} items={checklist} />
      <h2>{to(v.lang, "dash.title")}</h2>
      {figures.length === 0 ? (
        <p class="muted">{to(v.lang, "dash.none")}</p>
      ) : (
        <>
          <p class="muted">{to(v.lang, "dash.intro")}</p>
          {figures.map((f) => (
            <CorpCard v={v} f={f} />
          ))}
        </>
      )}
    </>
  );
}

async function overview(c: AdminContext, deps: Deps) {
  const ctx = ctxOf(c);
  const session = sessionOf(c);
  const [recent, dashboard] = await Promise.all([listAudit(deps, ctx, { limit: 5 }), tenantDashboard(deps, ctx)]);
  const slugs = ctx.tenant ? null : new Map(c.get("tenantChoices").map((tn) => [tn.id, tn.slug]));
  return renderPage(c, { title: ta(c.get("lang"), "overview.title"), active: "overview" }, (v) => (
    <>
      <h1>{ta(v.lang, "overview.title")}</h1>
      <div class="panel">
        <p>{ta(v.lang, "overview.welcome", { user: session.user.username })}</p>
        <p class="muted">
          {session.tenant ? ta(v.lang, "overview.inTenant", { tenant: session.tenant.name }) : ta(v.lang, "overview.inGlobal")}
        </p>
      </div>
      {dashboard?.(v)}
      <h2>{ta(v.lang, "overview.recent")}</h2>
      <AuditTable v={v} items={recent.items} tenantSlugs={slugs} compact />
      <p>
        <a href="/admin/audit">{ta(v.lang, "overview.allAudit")}</a>
      </p>
      <h2>{ta(v.lang, "overview.areas")}</h2>
      <div class="cards">
        {NAV_ITEMS.filter((i) => i.key !== "overview").map((i) => (
          <a href={i.href}>
            <strong>{ta(v.lang, i.label)}</strong>
            {!i.ready && <div class="muted">{ta(v.lang, "nav.soon")}</div>}
          </a>
        ))}
      </div>
    </>
  ));
}

function comingSoon(c: AdminContext, item: NavItem) {
  const area = ta(c.get("lang"), item.label);
  return renderPage(c, { title: area, active: item.key }, (v) => (
    <>
      <h1>{ta(v.lang, "soon.title", { area })}</h1>
      <div class="panel">
        <p>{ta(v.lang, "soon.body")}</p>
        <p>
          <a href="/api/docs">/api/docs</a>
        </p>
      </div>
    </>
  ));
}

/** The overview, and a placeholder page for every area not built yet (so no nav link is dead). */
export function overviewPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/", (c) => overview(c, deps));
  for (const item of NAV_ITEMS.filter((i) => !i.ready)) {
    r.get(item.href.slice("/admin".length), (c) => comingSoon(c, item));
  }
  return r;
}
