import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { type LoginReason, recordLogin } from "../log/login-log.ts";
import type { SessionPerson } from "./person.ts";
import type { SignInSession } from "./session.ts";

/**
 * One login log entry for an OA asking through CAS /login or OIDC /authorize (channel cas / oidc),
 * with the session's person when there is one. Never the ticket, code or service's query.
 */
export async function logSso(
  deps: Deps,
  c: Context<AppEnv>,
  e: { tenantId: string; channel: "cas" | "oidc"; reason: LoginReason; session?: SignInSession | null; person?: SessionPerson },
): Promise<void> {
  await recordLogin(deps, {
    tenantId: e.tenantId,
    channel: e.channel,
    reason: e.reason,
    corpId: e.session?.corpId,
    appId: e.session?.appId ?? undefined,
    welinkUserId: e.session?.welinkUserId,
    oaUserId: e.session?.oaUserId,
    userName: e.person?.name,
    oaAccount: e.person?.account,
    mobile: e.person?.mobile ?? undefined,
    ip: c.get("ip"),
    userAgent: c.req.header("user-agent"),
  });
}
