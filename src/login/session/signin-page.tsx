/** @jsxImportSource hono/jsx */
import type { Lang } from "../../kernel/i18n.ts";
import { MobileDocument } from "../../ui/index.ts";
import { ScanPage } from "../scan/hosted.tsx";
import { type SignInStop, ts } from "./i18n.ts";

/*
 * The PC side of the sign-in page: the scan-login QR (the same script, tickets and SSE as the OA
 * login page, on the bridge's own origin so the ticket's secret stays in an HttpOnly cookie) and
 * WeLink's OAuth2 page as the other way. Nothing but the bridge itself may load anything into it.
 */

export type SignInProps = { lang: Lang; base: string; tenantSlug: string; tenantName: string; target: string; oauthUrl: string; switchHref: string; renew: boolean };

/** The scan page with what signing in to the bridge adds: the renewal notice and WeLink's OAuth2 page as the other way. */
export function SignInPage(p: SignInProps) {
  const title = ts(p.lang, "signin.title");
  return (
    <ScanPage lang={p.lang} title={title} switchText={ts(p.lang, "signin.switch")} switchHref={p.switchHref} org={ts(p.lang, "signin.org", { name: p.tenantName })} intro={ts(p.lang, "signin.intro")} base={p.base} tenant={p.tenantSlug} target={p.target}>
      {p.renew && <p>{ts(p.lang, "signin.renew")}</p>}
      <p><a id="oauth" href={p.oauthUrl}>{ts(p.lang, "signin.oauth")}</a></p>
    </ScanPage>
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
