/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { PropsWithChildren } from "hono/jsx";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { defineMessages, type Lang } from "../../kernel/i18n.ts";
import { findTenantBySlug } from "../../accounts/index.ts";
import { serveScanScript } from "./script.ts";

/**
 * The hosted scan-login page (GET /scan/login?tenant=…&target=…&lang=en), for OAs that cannot
 * embed the script: the same script on the bridge's own origin, so the ticket's secret stays in
 * an HttpOnly cookie. Nothing but the bridge itself may load anything into it.
 */

const th = defineMessages(
  {
    title: "扫码登录",
    intro: "请使用手机 WeLink 的「扫一扫」扫描二维码，并在手机上确认登录。",
    org: "登录到：{name}",
    switch: "English",
  },
  {
    title: "Scan to sign in",
    intro: "Scan the QR code with WeLink's Scan on your phone, then confirm the sign-in there.",
    org: "Signing in to: {name}",
    switch: "简体中文",
  },
);

const CSS = `body{margin:0;font:14px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f7;color:#222}
main{max-width:360px;margin:48px auto;background:#fff;border:1px solid #dcdfe3;border-radius:8px;padding:24px;text-align:center}
h1{font-size:20px;margin:0 0 8px}.muted{color:#666;font-size:13px}nav{text-align:right;font-size:13px;margin-bottom:8px}
#welink-scan-login{margin:16px 0}`;

/** The scan pages' policy: nothing but the bridge itself may load anything into them. */
export const SCAN_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

type ScanPageProps = PropsWithChildren<{ lang: Lang; title: string; switchText: string; switchHref: string; org?: string; intro: string; base: string; tenant: string; target: string | undefined }>;

/**
 * A page that shows the scan-login QR on the bridge's own origin (the hosted page, the bridge's
 * sign-in page): the same script, tickets and SSE as the OA's login page; `children` go above the QR.
 */
export function ScanPage(p: ScanPageProps) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{p.title}</title>
        <link rel="stylesheet" href={`${p.base}/scan/login.css`} />
      </head>
      <body>
        <main>
          <nav>
            <a href={p.switchHref} hreflang={p.lang === "en" ? "zh-CN" : "en"}>{p.switchText}</a>
          </nav>
          <h1>{p.title}</h1>
          {p.org && <p class="muted">{p.org}</p>}
          {p.children}
          <div id="welink-scan-login"></div>
          <p class="muted">{p.intro}</p>
          <script src={`${p.base}/scan/login.js`} data-tenant={p.tenant} data-target={p.target} data-lang={p.lang} async></script>
        </main>
      </body>
    </html>
  );
}

async function hosted(deps: Deps, c: Context<AppEnv>) {
  const lang: Lang = c.req.query("lang") === "en" ? "en" : "zh-CN";
  const tenant = (c.req.query("tenant") ?? "").slice(0, 64);
  const target = c.req.query("target")?.slice(0, 2000) || undefined;
  const row = tenant ? await findTenantBySlug(deps.db, tenant) : undefined;
  const other = new URLSearchParams({ tenant, ...(target ? { target } : {}), ...(lang === "en" ? {} : { lang: "en" }) });
  const base = new URL(deps.config.publicUrl).pathname.replace(/\/+$/, "");
  const org = row ? th(lang, "org", { name: row.name }) : undefined;
  const page = <ScanPage lang={lang} title={th(lang, "title")} switchText={th(lang, "switch")} switchHref={`${base}/scan/login?${other}`} org={org} intro={th(lang, "intro")} base={base} tenant={tenant} target={target} />;
  return c.html(html`<!DOCTYPE html>${page}`, 200, {
    "Content-Security-Policy": SCAN_PAGE_CSP,
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  });
}

/** The scan-login pages on the bridge (mounted at /scan): the embeddable script, the hosted page and its stylesheet. */
export function scanPageRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get("/login.js", (c) => serveScanScript(c));
  r.get("/login.css", (c) => c.body(CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300" }));
  r.get("/login", (c) => hosted(deps, c));
  return r;
}
