import type { Deps } from "../../deps.ts";
import { findApp } from "../../corps/index.ts";
import { issueHandoff } from "../handoff/handoff.ts";
import { recordLogin } from "../log/login-log.ts";
import { oaReason } from "../entry/visit.ts";
import { currentSession, signInUrl, ssoSettingsFor, tenantPath } from "../session/session.ts";
import type { Context } from "hono";
import type { LinkStop } from "./i18n.ts";
import { oaTarget, openLink } from "./link.ts";

/*
 * Opening a message link, as one use case. Inside WeLink the opener always proves themselves
 * again with the link's app (its homepage, free-login code): a link forwarded to someone else
 * signs in that person, never the one it was sent to, and a session left in the webview by
 * somebody else is never used. In a PC browser the bridge's session stands for the person (or
 * the sign-in page makes one and comes back here). Then the tenant's method lands them: a
 * handoff JWT to the OA's SSO URL, or, for CAS / OIDC, the target itself, whose client
 * completes the sign-in from the bridge's session.
 */

export type Landing = { kind: "redirect"; url: string } | { kind: "stop"; reason: LinkStop };

export type LinkRequest = { tenant: { id: string; slug: string }; sealed: string; inWelink: boolean; ip?: string; userAgent?: string; basePath: string };

const stopWith = (reason: LinkStop): Landing => ({ kind: "stop", reason });

export async function landLink(deps: Deps, c: Context, req: LinkRequest): Promise<Landing> {
  const { tenant } = req;
  const channel = req.inWelink ? ("welink" as const) : ("oauth2" as const);
  const log = { tenantId: tenant.id, channel, ip: req.ip, userAgent: req.userAgent };
  const link = await openLink(deps, req.sealed);
  // Another tenant's link opens (same master key) but is refused: the seal's tenant must be the URL's.
  if (!link || link.tenantId !== tenant.id) {
    await recordLogin(deps, { ...log, reason: "LINK_INVALID" });
    return stopWith("LINK_INVALID");
  }
  const at = { corpId: link.corpId, appId: link.appId };
  // Checked again on every opening: the OA's address may have moved since the message was sent.
  const target = await oaTarget(deps, tenant.id, link.target);
  if (!target) {
    await recordLogin(deps, { ...log, ...at, reason: "LINK_TARGET_REFUSED" });
    return stopWith("LINK_TARGET_REFUSED");
  }
  if (req.inWelink) {
    const app = await findApp(deps.db, tenant.id, link.appId);
    if (!app) {
      await recordLogin(deps, { ...log, ...at, reason: "LINK_INVALID" });
      return stopWith("LINK_INVALID");
    }
    // The homepage proves, binds when needed, logs the entry and lands through the tenant's method.
    return { kind: "redirect", url: `${req.basePath}/h/${encodeURIComponent(app.appKey)}?target=${encodeURIComponent(target)}` };
  }
  const session = await currentSession(deps, c, tenant.id);
  if (!session) return { kind: "redirect", url: signInUrl(deps, tenant.slug, `${tenantPath(tenant.slug)}go/${req.sealed}`) };
  const who = {
    ...log,
    channel: session.channel,
    corpId: session.corpId,
    appId: session.corpId === link.corpId ? link.appId : (session.appId ?? undefined),
    welinkUserId: session.welinkUserId,
    oaUserId: session.oaUserId,
  };
  const { method } = await ssoSettingsFor(deps, tenant.id);
  if (method !== "handoff") {
    await recordLogin(deps, { ...who, reason: "OK" });
    return { kind: "redirect", url: target };
  }
  try {
    const issued = await issueHandoff(deps, { tenantId: tenant.id, oaUserId: session.oaUserId, target });
    await recordLogin(deps, { ...who, reason: "OK" });
    return { kind: "redirect", url: issued.url };
  } catch (e) {
    const reason = oaReason(e);
    await recordLogin(deps, { ...who, reason });
    return stopWith(reason);
  }
}
