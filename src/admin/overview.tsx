/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { AuditTable, listAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import { type AdminContext, type AdminEnv, ctxOf, NAV_ITEMS, type NavItem, renderPage, sessionOf, ta } from "../ui/index.ts";

async function overview(c: AdminContext, deps: Deps) {
  const ctx = ctxOf(c);
  const session = sessionOf(c);
  const recent = await listAudit(deps, ctx, { limit: 5 });
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
      <h2>{ta(v.lang, "overview.areas")}</h2>
      <div class="cards">
        {NAV_ITEMS.filter((i) => i.key !== "overview").map((i) => (
          <a href={i.href}>
            <strong>{ta(v.lang, i.label)}</strong>
            {!i.ready && <div class="muted">{ta(v.lang, "nav.soon")}</div>}
          </a>
        ))}
      </div>
      <h2>{ta(v.lang, "overview.recent")}</h2>
      <AuditTable v={v} items={recent.items} tenantSlugs={slugs} compact />
      <p>
        <a href="/admin/audit">{ta(v.lang, "overview.allAudit")}</a>
      </p>
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
