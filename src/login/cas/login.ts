import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import type { LoginReason } from "../log/login-log.ts";
import { type SessionPerson, sessionPersonOf } from "../session/person.ts";
import { logSso } from "../session/sso-log.ts";
import { currentSession, signInUrl, tenantPath } from "../session/session.ts";
import { openRenewMarker, renewMarker } from "./keys.ts";
import { matchService, withTicket } from "./match.ts";
import * as store from "./store.ts";
import { isTrue, issueServiceTicket } from "./tickets.ts";

/** How long a "sent to prove yourself" marker counts: a sign-in that takes longer starts again. */
const MARKER_TTL_MS = 30 * 60_000;

export type LoginQuery = { service?: string; renew?: string; gateway?: string; since?: string };
export type LoginOutcome =
  | { kind: "redirect"; to: string }
  | { kind: "unknownService"; service: string }
  | { kind: "signedIn"; account: string }
  | { kind: "noAccount" };

/**
 * CAS /login as credential requestor (§2.1). The bridge's sign-in page is the credential
 * acceptor: without a session, or when `renew` asks for a new proof, the browser goes there and
 * comes back here carrying a marker of when it left (a MAC over tenant, service and time, so a
 * link cannot forge it). A ticket counts as "from a new login" only when the session's last proof
 * is later than that marker — which is also what `renew=true` insists on.
 */
export async function casLogin(deps: Deps, c: Context<AppEnv>, tenant: { id: string; slug: string }, q: LoginQuery): Promise<LoginOutcome> {
  const service = q.service || undefined;
  const registered = service === undefined ? undefined : matchService(await store.listServiceRows(deps.db, tenant.id), service);
  const session = await currentSession(deps, c, tenant.id);
  const log = async (reason: LoginReason, person?: SessionPerson) => logSso(deps, c, { tenantId: tenant.id, channel: "cas", reason, session, person });
  if (service !== undefined && !registered) {
    await log("CAS_UNKNOWN_SERVICE", session ? await sessionPersonOf(deps, session) : undefined);
    return { kind: "unknownService", service };
  }
  const renew = isTrue(q.renew);
  // The spec: with renew set, gateway is ignored.
  const gateway = !renew && isTrue(q.gateway);
  const now = deps.clock.now();
  const since = openRenewMarker(deps, tenant.id, service ?? "", q.since);
  const fresh = session !== null && since !== undefined && since > now - MARKER_TTL_MS && session.provedAt > since;

  if (!session && gateway && service) {
    await log("CAS_GATEWAY_NO_SESSION");
    return { kind: "redirect", to: service };
  }
  if (!session || (renew && !fresh)) {
    if (session) await log("CAS_RENEW_REQUIRED", await sessionPersonOf(deps, session));
    const back = new URLSearchParams({ ...(service && { service }), ...(renew && { renew: "true" }), since: renewMarker(deps, tenant.id, service ?? "", now) });
    return { kind: "redirect", to: signInUrl(deps, tenant.slug, `${tenantPath(tenant.slug)}cas/login?${back}`, { renew }) };
  }
  const person = await sessionPersonOf(deps, session);
  if (!person) {
    await log("SSO_NO_ACCOUNT");
    return { kind: "noAccount" };
  }
  if (!service || !registered) return { kind: "signedIn", account: person.account };
  const ticket = await issueServiceTicket(deps, { tenantId: tenant.id, sessionId: session.id, serviceId: registered.id, service, fromNewLogin: fresh });
  await log("CAS_TICKET_ISSUED", person);
  return { kind: "redirect", to: withTicket(service, ticket) };
}
