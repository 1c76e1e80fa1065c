/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { type AdminContext, renderPage, tenantGuard, type View } from "../../ui/index.ts";
import { tsa } from "./i18n-admin.ts";

/** The SSO area of the admin (/admin/sso…): one navigation entry, four pages linked by tabs. */
export const SSO_NAV = "sso";

const TABS = [
  ["settings", "/admin/sso", "sso.tab.settings"],
  ["sessions", "/admin/sso/sessions", "sso.tab.sessions"],
  ["cas", "/admin/sso/cas", "sso.tab.cas"],
  ["oidc", "/admin/sso/oidc", "sso.tab.oidc"],
] as const;
export type SsoTab = (typeof TABS)[number][0];

export function SsoTabs({ v, active }: { v: View; active: SsoTab }) {
  return (
    <nav class="buttons spaced" aria-label={tsa(v.lang, "sso.title")}>
      {TABS.map(([key, href, label]) => (
        <a href={href} class={key === active ? "button" : "button secondary"} aria-current={key === active ? "page" : undefined}>
          {tsa(v.lang, label)}
        </a>
      ))}
    </nav>
  );
}

/** A page of the SSO area: its title, the tabs, then the body. */
export function ssoPage(c: AdminContext, o: { title: string; tab: SsoTab; status?: number | undefined }, body: (v: View) => Child) {
  return renderPage(c, { title: o.title, active: SSO_NAV, status: o.status }, (v) => (
    <>
      <h1>{o.title}</h1>
      <SsoTabs v={v} active={o.tab} />
      {body(v)}
    </>
  ));
}

/** In the global view there is no tenant: say how to pick one. */
export const withSsoTenant = tenantGuard({ active: SSO_NAV, title: (l) => tsa(l, "sso.title"), chooseTenant: (l) => tsa(l, "sso.chooseTenant") });
