/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import type { Deps } from "../../deps.ts";
import { findTenantBySlug } from "../../accounts/index.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { randomToken } from "../../kernel/ids.ts";
import { langFrom, MobileDocument } from "../../ui/index.ts";
import { sendEntryPage } from "../entry/pages.tsx";
import { WELINK_UA } from "../session/signin-routes.tsx";
import { type LinkStop, tl } from "./i18n.ts";
import { landLink } from "./land.ts";

/*
 * `GET /t/{slug}/go/{sealed}`: the bridge link a pushed message carries instead of the OA's own
 * (see messageLinks). Thin: it reads the request, calls landLink, and answers with a redirect or
 * a page that says, in the reader's language, why the link does not open.
 */
type C = Context<AppEnv>;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/i;
const STATUS: Record<LinkStop, 400 | 404 | 502 | 503> = { UNKNOWN_TENANT: 404, LINK_INVALID: 404, LINK_TARGET_REFUSED: 400, OA_NOT_CONFIGURED: 503, OA_UNREACHABLE: 502 };

const basePath = (deps: Deps) => new URL(deps.config.publicUrl).pathname.replace(/\/+$/, "");

function refuse(c: C, reason: LinkStop) {
  const lang = langFrom(c.req.header("accept-language"));
  const nonce = randomToken(16);
  const title = tl(lang, `stop.${reason}.title`);
  const page = (
    <MobileDocument lang={lang} nonce={nonce} title={title}>
      <h1>{title}</h1>
      <p>{tl(lang, `stop.${reason}.body`)}</p>
      <p class="muted" data-code={reason}>{tl(lang, "stop.code", { code: reason })}</p>
    </MobileDocument>
  );
  return sendEntryPage(c, page, { status: STATUS[reason], nonce });
}

async function openLinkRoute(c: C, deps: Deps) {
  const slug = c.req.param("slug") ?? "";
  const tenant = SLUG.test(slug) ? await findTenantBySlug(deps.db, slug) : undefined;
  if (!tenant) return refuse(c, "UNKNOWN_TENANT");
  const userAgent = c.req.header("user-agent");
  // A `code` in the address marks an HWH5 page too; it is never taken as proof (the homepage asks for a fresh one).
  const inWelink = WELINK_UA.test(userAgent ?? "") || c.req.query("code") !== undefined;
  const landing = await landLink(deps, c, { tenant, sealed: c.req.param("sealed") ?? "", inWelink, ip: c.get("ip"), userAgent, basePath: basePath(deps) });
  if (landing.kind === "stop") return refuse(c, landing.reason);
  c.header("Cache-Control", "no-store");
  // The sealed link and the handoff in the address are nobody else's business.
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(landing.url, 303);
}

/** The message links of each tenant, mounted at /t (under the sign-in session cookie's path). */
export function linkRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get("/:slug/go/:sealed", (c) => openLinkRoute(c, deps));
  return r;
}
