/** @jsxImportSource hono/jsx */
import type { Lang } from "../../kernel/i18n.ts";
import { MobileDocument } from "../../ui/index.ts";
import { type SignInStop, ts } from "./i18n.ts";

/*
 * The PC side of the sign-in page: the scan-login QR (the same script, tickets and SSE as the OA
 * login page, on the bridge's own origin so the ticket's secret stays in an HttpOnly cookie) and
 * WeLink's OAuth2 page as the other way. Nothing but the bridge itself may load anything into it.
 */

export const SIGNIN_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export type SignInProps = { lang: Lang; base: string; tenantSlug: string; tenantName: string; target: string; oauthUrl: string; switchHref: string; renew: boolean };

export function SignInPage(p: SignInProps) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>{ts(p.lang, "signin.title")}</title>
        <link rel="stylesheet" href={`${p.base}/scan/login.css`} />
      </head>
      <body>
        <main>
          <nav>
            <a href={p.switchHref} hreflang={p.lang === "en" ? "zh-CN" : "en"}>{ts(p.lang, "signin.switch")}</a>
          </nav>
          <h1>{ts(p.lang, "signin.title")}</h1>
          <p class="muted">{ts(p.lang, "signin.org", { name: p.tenantName })}</p>
          {p.renew && <p>{ts(p.lang, "signin.renew")}</p>}
          <div id="welink-scan-login"></div>
          <p class="muted">{ts(p.lang, "signin.intro")}</p>
          <p><a id="oauth" href={p.oauthUrl}>{ts(p.lang, "signin.oauth")}</a></p>
          <script src={`${p.base}/scan/login.js`} data-tenant={p.tenantSlug} data-target={p.target} data-lang={p.lang} async></script>
        </main>
      </body>
    </html>
  );
}

export function SignInStopPage(p: { lang: Lang; nonce: string; reason: SignInStop }) {
  const title = ts(p.lang, `stop.${p.reason}.title`);
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{ts(p.lang, `stop.${p.reason}.body`)}</p>
      <p class="muted" data-code={p.reason}>{ts(p.lang, "stop.code", { code: p.reason })}</p>
    </MobileDocument>
  );
}
