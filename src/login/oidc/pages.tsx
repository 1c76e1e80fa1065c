/** @jsxImportSource hono/jsx */
import type { Lang } from "../../kernel/i18n.ts";
import { MobileDocument } from "../../ui/index.ts";
import type { PageError } from "./authorize.ts";
import { to } from "./i18n.ts";
import type { LogoutPlan } from "./logout.ts";

export type OidcPageError = PageError | Extract<LogoutPlan, { kind: "error" }>["error"];

export function OidcErrorPage(p: { lang: Lang; nonce: string; error: OidcPageError }) {
  const title = to(p.lang, `error.${p.error}.title`);
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{to(p.lang, `error.${p.error}.body`)}</p>
      <p class="muted" data-code={p.error}>{to(p.lang, "error.code", { code: p.error })}</p>
    </MobileDocument>
  );
}

/** Asked when a logout came without a valid id_token_hint; the POST carries the same parameters. */
export function LogoutConfirmPage(p: { lang: Lang; nonce: string; action: string; fields: Record<string, string> }) {
  const title = to(p.lang, "logout.confirm.title");
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{to(p.lang, "logout.confirm.body")}</p>
      <form method="post" action={p.action}>
        {Object.entries(p.fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
        <input type="hidden" name="confirm" value="1" />
        <button type="submit">{to(p.lang, "logout.confirm.button")}</button>
      </form>
    </MobileDocument>
  );
}

export function LoggedOutPage(p: { lang: Lang; nonce: string }) {
  const title = to(p.lang, "logout.done.title");
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{to(p.lang, "logout.done.body")}</p>
    </MobileDocument>
  );
}
