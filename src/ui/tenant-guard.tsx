/** @jsxImportSource hono/jsx */
import type { Ctx } from "../kernel/actor.ts";
import type { TenantRef } from "../kernel/http/env.ts";
import type { Lang } from "../kernel/i18n.ts";
import { Flash } from "./components.tsx";
import { renderPage } from "./layout.tsx";
import { type AdminContext, ctxOf } from "./session.ts";

/** The acting context of a page that works on one tenant's objects. */
export type TenantCtx = Ctx & { tenant: TenantRef };
type TenantHandler = (c: AdminContext, ctx: TenantCtx) => Response | Promise<Response>;

/**
 * Wraps the handlers of an area whose objects belong to a tenant. In the global view (no working
 * tenant) the area's page says how to choose one instead: 200 for a page, 409 for a form post.
 */
export const tenantGuard =
  (area: { active: string; title: (lang: Lang) => string; chooseTenant: (lang: Lang) => string }) =>
  (run: TenantHandler) =>
  (c: AdminContext): Response | Promise<Response> => {
    const ctx = ctxOf(c);
    if (ctx.tenant) return run(c, { ...ctx, tenant: ctx.tenant });
    const heading = area.title(c.get("lang"));
    return renderPage(c, { title: heading, active: area.active, status: c.req.method === "GET" ? 200 : 409 }, (v) => (
      <>
        <h1>{heading}</h1>
        <Flash kind="info">{area.chooseTenant(v.lang)}</Flash>
      </>
    ));
  };
