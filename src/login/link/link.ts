import type { Deps } from "../../deps.ts";
import { findTenantById } from "../../accounts/index.ts";
import { getOaPortalForTenant, underBase } from "../../oa/index.ts";
import { openJson, sealJson } from "../entry/seal.ts";
import { tenantPath } from "../session/session.ts";

/*
 * A link in a pushed message, sealed: `{publicUrl}/t/{slug}/go/<sealed>` carries the tenant, the
 * corp and app it was sent through, and the OA page it stands for. Sealed with the master key
 * (AES-GCM, a purpose of its own), so it can be neither read, forged, nor moved to another
 * tenant; it lives as long as a todo may stay open, not as long as a browser flow.
 */

export type SealedLink = { tenantId: string; corpId: string; appId: string; target: string };

const PURPOSE = "link";
/** Messages live long (an open todo for months): the seal outlives any sensible pruning. */
const LINK_TTL_MS = 5 * 366 * 24 * 3600_000;

/** The target as an absolute URL under the tenant's OA (its portal's web base URL), or undefined. */
export async function oaTarget(deps: Deps, tenantId: string, url: string): Promise<string | undefined> {
  const portal = await getOaPortalForTenant(deps, tenantId);
  return underBase(portal.webBaseUrl, url);
}

export async function openLink(deps: Deps, sealed: string): Promise<SealedLink | undefined> {
  const v = await openJson<SealedLink>(deps, PURPOSE, sealed);
  return v && typeof v.tenantId === "string" && typeof v.corpId === "string" && typeof v.appId === "string" && typeof v.target === "string" ? v : undefined;
}

export type LinkRewriter = (url: string | null) => Promise<string | null>;

/**
 * What a message's links become when sent through (corp, app): each OA page a bridge link that
 * signs the opener in; a link elsewhere (not an OA page) stays as the OA gave it, since there is
 * nobody to sign in to there and the bridge never redirects off the OA.
 */
export async function messageLinks(deps: Deps, at: { tenantId: string; corpId: string; appId: string }): Promise<LinkRewriter> {
  const tenant = await findTenantById(deps.db, at.tenantId);
  const portal = await getOaPortalForTenant(deps, at.tenantId);
  return async (url) => {
    if (!url || !tenant) return url;
    const target = underBase(portal.webBaseUrl, url);
    if (!target) return url;
    const sealed = await sealJson<SealedLink>(deps, PURPOSE, { ...at, target }, LINK_TTL_MS);
    return `${deps.config.publicUrl.replace(/\/+$/, "")}${tenantPath(tenant.slug)}go/${sealed}`;
  };
}
