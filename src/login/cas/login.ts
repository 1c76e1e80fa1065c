import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import { currentSession, signInUrl, tenantPath } from "../session/session.ts";
import { openRenewMarker, renewMarker } from "./keys.ts";
import { matchService, withTicket } from "./match.ts";
import { casPersonOf } from "./person.ts";
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
export async function casLogin(deps: Deps, c: Context, tenant: { id: string; slug: string }, q: LoginQuery): Promise<LoginOutcome> {
  const service = q.service || undefined;
  const registered = service === undefined ? undefined : matchService(await store.listServiceRows(deps.db, tenant.id), service);
  if (service !== undefined && !registered) return { kind: "unknownService", service };
  const renew = isTrue(q.renew);
  // The spec: with renew set, gateway is ignored.
  const gateway = !renew && isTrue(q.gateway);
  const session = await currentSession(deps, c, tenant.id);
  const now = deps.clock.now();
  const since = openRenewMarker(deps, tenant.id, service ?? "", q.since);
  const fresh = session !== null && since !== undefined && since > now - MARKER_TTL_MS && session.provedAt > since;

  if (!session && gateway && service) return { kind: "redirect", to: service };
  if (!session || (renew && !fresh)) {
    const back = new URLSearchParams({ ...(service && { service }), ...(renew && { renew: "true" }), since: renewMarker(deps, tenant.id, service ?? "", now) });
    return { kind: "redirect", to: signInUrl(tenant.slug, `${tenantPath(tenant.slug)}cas/login?${back}`, { renew }) };
  }
  const person = await casPersonOf(deps, session);
  if (!person) return { kind: "noAccount" };
  if (!service || !registered) return { kind: "signedIn", account: person.user };
  const ticket = await issueServiceTicket(deps, { tenantId: tenant.id, sessionId: session.id, serviceId: registered.id, service, fromNewLogin: fresh });
  return { kind: "redirect", to: withTicket(service, ticket) };
}
