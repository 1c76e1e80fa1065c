/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
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

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

function HostedPage(p: { lang: Lang; tenant: string; tenantName: string | undefined; target: string | undefined; switchHref: string; base: string }) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{th(p.lang, "title")}</title>
        <link rel="stylesheet" href={`${p.base}/scan/login.css`} />
      </head>
      <body>
        <main>
          <nav>
            <a href={p.switchHref} hreflang={p.lang === "en" ? "zh-CN" : "en"}>{th(p.lang, "switch")}</a>
          </nav>
          <h1>{th(p.lang, "title")}</h1>
          {p.tenantName && <p class="muted">{th(p.lang, "org", { name: p.tenantName })}</p>}
          <div id="welink-scan-login"></div>
          <p class="muted">{th(p.lang, "intro")}</p>
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
  const page = <HostedPage lang={lang} tenant={tenant} tenantName={row?.name} target={target} switchHref={`${base}/scan/login?${other}`} base={base} />;
  return c.html(html`<!DOCTYPE html>${page}`, 200, {
    "Content-Security-Policy": CSP,
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
