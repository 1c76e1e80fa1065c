import { type Context, Hono } from "hono";
import { findTenantBySlug } from "../../accounts/index.ts";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { casLogin } from "./login.ts";
import { casLogout } from "./logout.ts";
import { matchService } from "./match.ts";
import { casPage } from "./pages.tsx";
import { cas1Response, type Format, proxyRefusal, serviceResponse } from "./responses.ts";
import * as store from "./store.ts";
import { type Validation, validateServiceTicket } from "./tickets.ts";

/*
 * The CAS 3.0 server of each tenant, `/t/{slug}/cas/…` (mounted under /t): under the tenant's
 * path so the sign-in session's cookie reaches it. Thin: read the query, call one use case,
 * answer with a redirect, a page or a CAS document. Tickets are never logged.
 */

type C = Context<AppEnv>;
const q = (c: C, name: string) => c.req.query(name)?.slice(0, 2000);
const tenantOf = (deps: Deps, c: C) => findTenantBySlug(deps.db, c.req.param("slug") ?? "");
const noStore = { "Cache-Control": "no-store" };

function formatOf(c: C): Format | undefined {
  const f = q(c, "format");
  if (f === undefined || /^xml$/i.test(f)) return "XML";
  return /^json$/i.test(f) ? "JSON" : undefined;
}

async function validation(deps: Deps, c: C): Promise<Validation> {
  const tenant = await tenantOf(deps, c);
  if (!tenant) return { ok: false, code: "INVALID_TICKET", description: "No such CAS server: the tenant in this address is unknown" };
  try {
    return await validateServiceTicket(deps, tenant.id, { ticket: q(c, "ticket"), service: q(c, "service"), renew: q(c, "renew"), pgtUrl: q(c, "pgtUrl") });
  } catch (e) {
    deps.log.error("cas ticket validation failed", { requestId: c.get("requestId"), error: e instanceof Error ? e.message : String(e) });
    return { ok: false, code: "INTERNAL_ERROR", description: `An internal error occurred during ticket validation (request ${c.get("requestId")})` };
  }
}

/** /serviceValidate, /p3/serviceValidate and their proxy twins (which accept service tickets only). */
function validateHandler(deps: Deps, withAttributes: boolean) {
  return async (c: C) => {
    const format = formatOf(c);
    const v: Validation = format ? await validation(deps, c) : { ok: false, code: "INVALID_REQUEST", description: "format must be XML or JSON" };
    const { body, type } = serviceResponse(v, format ?? "XML", withAttributes);
    return c.body(body, 200, { "content-type": type, ...noStore });
  };
}

export function casRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();

  r.get("/:slug/cas/login", async (c) => {
    const tenant = await tenantOf(deps, c);
    if (!tenant) return casPage(c, "unknownTenant");
    const out = await casLogin(deps, c, tenant, { service: q(c, "service"), renew: q(c, "renew"), gateway: q(c, "gateway"), since: q(c, "since") });
    if (out.kind === "redirect") return c.redirect(out.to, 302);
    if (out.kind === "unknownService") return casPage(c, "unknownService", { url: out.service });
    if (out.kind === "signedIn") return casPage(c, "signedIn", { account: out.account });
    return casPage(c, "noAccount");
  });

  r.get("/:slug/cas/logout", async (c) => {
    const tenant = await tenantOf(deps, c);
    if (!tenant) return casPage(c, "unknownTenant");
    await casLogout(deps, c, tenant);
    const service = q(c, "service");
    // Only a registered service is followed (§2.3.2, non-open mode); anything else gets the signed-out page.
    if (service && matchService(await store.listServiceRows(deps.db, tenant.id), service)) return c.redirect(service, 302);
    return casPage(c, "signedOut");
  });

  r.get("/:slug/cas/validate", async (c) => c.text(cas1Response(await validation(deps, c)), 200, noStore));
  r.get("/:slug/cas/serviceValidate", validateHandler(deps, false));
  r.get("/:slug/cas/proxyValidate", validateHandler(deps, false));
  r.get("/:slug/cas/p3/serviceValidate", validateHandler(deps, true));
  r.get("/:slug/cas/p3/proxyValidate", validateHandler(deps, true));
  r.get("/:slug/cas/proxy", (c) => {
    const { body, type } = proxyRefusal(formatOf(c) ?? "XML");
    return c.body(body, 200, { "content-type": type, ...noStore });
  });
  return r;
}
