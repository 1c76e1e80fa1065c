import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import { newId } from "../../kernel/ids.ts";
import { endSession, type SignInSession } from "../session/session.ts";
import { casPersonOf } from "./person.ts";
import { logoutRequest } from "./responses.ts";
import * as store from "./store.ts";
import { ticketSealContext } from "./tickets.ts";
import { fetchChecked } from "../../kernel/net-policy.ts";

/** Each back-channel request waits at most this long: a slow service must not hold the person's logout. */
const SLO_TIMEOUT_MS = 3_000;

export type SloOutcome = { service: string; status: number | "failed" };

/**
 * CAS /logout: ends the browser's session, then single logout for it. The session's tickets go
 * with it.
 */
export async function casLogout(deps: Deps, c: Context, tenant: { id: string; slug: string }): Promise<{ ended: boolean; sent: SloOutcome[] }> {
  const ended = await endSession(deps, c, tenant.id, tenant.slug, "logout");
  if (!ended) return { ended: false, sent: [] };
  return { ended: true, sent: await singleLogout(deps, ended) };
}

/**
 * Single logout of an ended session (logout, an admin's revocation, expiry): every service that
 * received a ticket in it (and wants single logout) gets the SAML LogoutRequest naming that
 * ticket — in parallel, errors ignored as the spec asks (§2.3.3.1), each reported back for the
 * log. The session's tickets are deleted afterwards.
 */
export async function singleLogout(deps: Deps, ended: Pick<SignInSession, "id" | "tenantId" | "oaUserId" | "corpId" | "welinkUserId">): Promise<SloOutcome[]> {
  const tickets = await store.ticketsOfSession(deps.db, ended.tenantId, ended.id);
  if (tickets.length === 0) return [];
  const services = new Map((await store.listServiceRows(deps.db, ended.tenantId)).map((s) => [s.id, s]));
  const person = await casPersonOf(deps, ended);
  const sends = tickets.flatMap((t) => {
    if (!services.get(t.serviceId)?.singleLogout || !t.ticketSealed) return [];
    return [
      (async () => {
        // The ticket the service validated, opened from its sealed copy (the database alone cannot tell it).
        const ticket = await deps.box.open(t.ticketSealed!, ticketSealContext(t.ticketHash));
        return sendLogoutRequest(deps, t.service, logoutRequest({ id: `LR-${newId()}`, issueInstant: new Date(deps.clock.now()), nameId: person?.user ?? "@NOT_USED@", ticket }));
      })(),
    ];
  });
  const sent = await Promise.all(sends);
  await store.deleteTicketsOfSession(deps.db, ended.tenantId, ended.id);
  return sent;
}

async function sendLogoutRequest(deps: Deps, service: string, xml: string): Promise<SloOutcome> {
  try {
    // The service URL is a tenant admin's: it follows the global allow-list like the OA connection.
    const res = await fetchChecked(deps.config.outbound, "oa", service, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logoutRequest: xml }).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(SLO_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return { service: new URL(service).origin, status: res.status };
  } catch (e) {
    deps.log.warn("cas single logout request failed", { service: new URL(service).origin, error: e instanceof Error ? e.name : "error" });
    return { service: new URL(service).origin, status: "failed" };
  }
}
