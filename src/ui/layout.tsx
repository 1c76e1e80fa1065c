/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { html } from "hono/html";
import type { Child, PropsWithChildren } from "hono/jsx";
import { type Lang, t } from "../kernel/i18n.ts";
import { PostForm } from "./components.tsx";
import { type AdminKey, ta } from "./i18n.ts";
import { type AdminContext, type TenantChoice, type View, viewOf } from "./session.ts";
import { ADMIN_CSS_PATH } from "./styles.ts";
import { zoneLabel } from "./time.tsx";

export type NavItem = { key: string; href: string; label: AdminKey; ready: boolean };

/**
 * Every area of the admin, built or not: areas still to come link to a "coming soon" page so
 * the navigation already has its final shape. A feature turns `ready` on when its pages land.
 */
export const NAV_GROUPS: NavItem[][] = [
  [{ key: "overview", href: "/admin", label: "nav.overview", ready: true }],
  [
    // WeLink enterprises and their apps (src/corps/pages.tsx, app-pages.tsx) open this area.
    { key: "corps", href: "/admin/corps", label: "nav.corps", ready: true },
    // The OA connection, directory snapshot and CSV imports (src/oa/pages.tsx) open this area.
    // WeLink directory, bindings and sync settings per corp (src/directory/pages.tsx); it links to the OA directory.
    { key: "directory", href: "/admin/directory", label: "nav.directory", ready: true },
    // Where handoffs land in the OA, its modules and the signing algorithm (src/login/handoff/portal-pages.tsx).
    { key: "oa-portal", href: "/admin/oa/portal", label: "nav.oaPortal", ready: true },
    // Sync run history per corp (src/sync/pages/run-pages.tsx).
    { key: "sync", href: "/admin/sync", label: "nav.sync", ready: true },
    // Push rules and the delivery log (src/messages/pages.tsx).
    { key: "push", href: "/admin/push", label: "nav.push", ready: true },
    // Scan login: on/off, the app, trusted networks and origins, the snippet (src/login/scan/admin-pages.tsx).
    { key: "scan-login", href: "/admin/scan-login", label: "nav.scanLogin", ready: true },
    // Single sign-on: the sign-in method, sessions, CAS services, OIDC clients (src/login/{session,cas,oidc}/admin-pages.tsx).
    { key: "sso", href: "/admin/sso", label: "nav.sso", ready: true },
    // Every entry attempt, searchable (src/login/log/pages.tsx).
    { key: "login-log", href: "/admin/login-log", label: "nav.loginLog", ready: true },
    // One person, four questions: open the app, messages, scan login, sync scope (src/explain/pages.tsx).
    { key: "explain", href: "/admin/explain", label: "nav.explain", ready: true },
  ],
  [
    { key: "audit", href: "/admin/audit", label: "nav.audit", ready: true },
    { key: "tenants", href: "/admin/tenants", label: "nav.tenants", ready: true },
    { key: "tokens", href: "/admin/tokens", label: "nav.tokens", ready: true },
    { key: "admins", href: "/admin/admins", label: "nav.admins", ready: true },
  ],
];

export const NAV_ITEMS = NAV_GROUPS.flat();

const otherLang = (lang: Lang): Lang => (lang === "en" ? "zh-CN" : "en");

/** A plain link (no script) that sets the language cookie and comes back to this page. */
export const LangSwitch = ({ v }: { v: View }) => (
  <a
    href={`/admin/lang/${otherLang(v.lang)}?back=${encodeURIComponent(v.path)}`}
    hreflang={otherLang(v.lang)}
    lang={otherLang(v.lang)}
    title={ta(v.lang, "shell.languageTitle")}
  >
    {ta(v.lang, "shell.language")}
  </a>
);

export function Document(p: PropsWithChildren<{ v: View; title: string }>) {
  return (
    <html lang={p.v.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${p.title} · ${t(p.v.lang, "app.name")}`}</title>
        <link rel="stylesheet" href={ADMIN_CSS_PATH} />
      </head>
      <body>{p.children}</body>
    </html>
  );
}

function TenantPicker({ v, choices }: { v: View; choices: TenantChoice[] }) {
  const session = v.session;
  if (!session) return null;
  if (session.user.tenantId !== null) {
    return <span class="who">{ta(v.lang, "shell.tenantIs", { tenant: session.tenant?.name ?? "" })}</span>;
  }
  const current = session.tenant?.slug ?? "";
  return (
    <PostForm v={v} action="/admin/tenant" label={ta(v.lang, "shell.tenant")}>
      <input type="hidden" name="back" value={v.path} />
      <label for="tenant-picker" class="who">{ta(v.lang, "shell.tenant")}</label>
      <select id="tenant-picker" name="tenant">
        <option value="" selected={current === ""}>{ta(v.lang, "shell.global")}</option>
        {choices.map((tn) => (
          <option value={tn.slug} selected={tn.slug === current} translate="no">{`${tn.name} (${tn.slug})`}</option>
        ))}
      </select>
      <button type="submit" class="button secondary small">{ta(v.lang, "shell.switch")}</button>
    </PostForm>
  );
}

function SideNav({ v, active }: { v: View; active: string }) {
  return (
    <nav class="sidenav" aria-label={ta(v.lang, "nav.label")}>
      {NAV_GROUPS.map((group) => (
        <ul>
          {group.map((item) => (
            <li>
              <a href={item.href} aria-current={item.key === active ? "page" : undefined}>
                <span>{ta(v.lang, item.label)}</span>
                {!item.ready && <span class="soon">{ta(v.lang, "nav.soon")}</span>}
              </a>
            </li>
          ))}
        </ul>
      ))}
    </nav>
  );
}

type ShellProps = PropsWithChildren<{ v: View; title: string; active: string; choices: TenantChoice[] }>;

export function Shell(p: ShellProps) {
  const user = p.v.session?.user.username ?? "";
  return (
    <Document v={p.v} title={p.title}>
      <a class="skip" href="#main">{ta(p.v.lang, "shell.skip")}</a>
      <header class="topbar">
        <a class="brand" href="/admin">{t(p.v.lang, "app.name")}</a>
        <TenantPicker v={p.v} choices={p.choices} />
        <span class="who">{ta(p.v.lang, "shell.signedInAs", { user })}</span>
        <LangSwitch v={p.v} />
        <PostForm v={p.v} action="/admin/logout">
          <button type="submit" class="linkbutton">{ta(p.v.lang, "shell.logout")}</button>
        </PostForm>
      </header>
      <div class="shell">
        <SideNav v={p.v} active={p.active} />
        <main id="main">
          {p.children}
          <footer class="zone muted">{ta(p.v.lang, "shell.timeZone", { zone: zoneLabel(p.v.tz, Date.now()) })}</footer>
        </main>
      </div>
    </Document>
  );
}

/** Sends a whole page; the doctype keeps browsers out of quirks mode. */
export function sendHtml(c: Context, page: Child, status = 200, headers: Record<string, string> = {}) {
  return c.html(html`<!DOCTYPE html>${page}`, status as 200, headers);
}

export type PageOptions = { title: string; active: string; status?: number; headers?: Record<string, string> };

/** Renders a page of the signed-in admin inside the shell. */
export function renderPage(c: AdminContext, o: PageOptions, body: (v: View) => Child) {
  const v = viewOf(c);
  const page = (
    <Shell v={v} title={o.title} active={o.active} choices={c.get("tenantChoices") ?? []}>
      {body(v)}
    </Shell>
  );
  return sendHtml(c, page, o.status, o.headers);
}
