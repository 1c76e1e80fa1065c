/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { randomToken } from "../../kernel/ids.ts";
import { langFrom, MobileDocument } from "../../ui/index.ts";
import { sendEntryPage } from "../entry/pages.tsx";
import { type CasPageKey, tc } from "./i18n.ts";

const STATUS: Record<CasPageKey, 200 | 400 | 403 | 404> = { unknownService: 400, unknownTenant: 404, signedIn: 200, signedOut: 200, noAccount: 403 };

/** One of the CAS server's pages, in the browser's language (zh-CN unless it asks for English first). */
export function casPage(c: Context, key: CasPageKey, extra: { account?: string; url?: string; requestId?: string } = {}) {
  const lang = langFrom(c.req.header("accept-language"));
  const nonce = randomToken(16);
  const page = (
    <MobileDocument lang={lang} nonce={nonce} title={tc(lang, `cas.${key}.title`)}>
      <h1>{tc(lang, `cas.${key}.title`)}</h1>
      <p>{tc(lang, `cas.${key}.body`, { account: extra.account ?? "" })}</p>
      {extra.url && <p class="muted">{tc(lang, "cas.unknownService.url", { url: extra.url.slice(0, 300) })}</p>}
      {extra.requestId && <p class="muted">{tc(lang, "cas.requestId", { id: extra.requestId })}</p>}
    </MobileDocument>
  );
  return sendEntryPage(c, page, { status: STATUS[key], nonce });
}
