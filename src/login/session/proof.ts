import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import { randomToken } from "../../kernel/ids.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { openJson, sealJson } from "../entry/seal.ts";
import { markRedeemed } from "../handoff/store.ts";
import { handoffs } from "../schema.ts";
import { type StartSession, startSession, tenantPath } from "./session.ts";

/*
 * A WeLink proof happens on paths the session cookie does not reach (`/h/…` inside WeLink or
 * after OAuth2, `/scan/…` on a PC). Starting the session there could not see the browser's
 * earlier session, which stayed live beside the new one. So those flows hand the browser a
 * one-time proof, sealed and good for 60 s, to `/t/{slug}/signin/complete`, which does receive
 * the cookie: startSession there ends the earlier session and sets the new cookie.
 */

const PROOF_TTL_MS = 60_000;
type Proof = { s: Omit<StartSession, "ip" | "userAgent">; back: string; jti: string };

/** Where the browser goes after a proof to start its session and land on `back`. */
export async function completionUrl(deps: Deps, start: Proof["s"], back: string): Promise<string> {
  const jti = randomToken(16);
  // Single use: the handoffs table already keeps one-time ids (jti) with their expiry and redemption.
  await deps.db.insert(handoffs).values({ jti, tenantId: start.tenantId, oaUserId: start.oaUserId, expiresAt: deps.clock.now() + PROOF_TTL_MS, redeemedAt: null });
  const proof = await sealJson<Proof>(deps, "signin.proof", { s: start, back, jti }, PROOF_TTL_MS);
  return `${deps.config.publicUrl.replace(/\/+$/, "")}${tenantPath(start.tenantSlug)}signin/complete?${new URLSearchParams({ proof })}`;
}

/** Starts the session a proof names (ending the browser's earlier one); the return, or undefined for a bad, expired, used or other tenant's proof. */
export async function completeSignIn(deps: Deps, c: Context<AppEnv>, slug: string): Promise<string | undefined> {
  const p = await openJson<Proof>(deps, "signin.proof", c.req.query("proof"));
  if (!p || p.s.tenantSlug !== slug) return undefined;
  if (!(await markRedeemed(deps.db, p.s.tenantId, p.jti, deps.clock.now()))) return undefined;
  await startSession(deps, c, { ...p.s, ip: c.get("ip"), userAgent: c.req.header("user-agent") });
  return p.back;
}
