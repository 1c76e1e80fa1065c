/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { OaPerson } from "./model.ts";

/** The demo OA's pages: deliberately plain, so nobody mistakes it for the bridge's admin. */

const CSS = `
body { margin: 0; font: 14px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; background: #f3f5f7; color: #222; }
header { background: #2f6f4e; color: #fff; padding: 10px 24px; font-size: 16px; font-weight: 600; }
main { max-width: 640px; margin: 40px auto; background: #fff; border: 1px solid #dcdfe3; border-radius: 6px; padding: 24px 28px; }
h1 { font-size: 18px; margin: 0 0 16px; }
label { display: block; margin: 12px 0 4px; color: #555; }
input { width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #c7ccd1; border-radius: 4px; font: inherit; }
button { margin-top: 16px; padding: 8px 18px; border: 0; border-radius: 4px; background: #2f6f4e; color: #fff; font: inherit; cursor: pointer; }
.error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; padding: 8px 12px; border-radius: 4px; }
.hint { color: #777; font-size: 13px; margin-top: 16px; }
dl { display: grid; grid-template-columns: 7em 1fr; gap: 6px 12px; margin: 0; }
dt { color: #777; } dd { margin: 0; }
.signed-in { color: #2f6f4e; background: #ecfdf3; border: 1px solid #abefc6; padding: 8px 12px; border-radius: 4px; }
nav.modules a { margin-right: 12px; }
.login-row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.login-row form { flex: 1 1 240px; }
.scan { flex: 0 0 auto; text-align: center; border-left: 1px solid #eceef1; padding-left: 24px; }
.scan h2 { font-size: 14px; margin: 0 0 4px; color: #555; }
`;

function Layout(props: { title: string; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · 示例 OA</title>
        <style>{CSS}</style>
      </head>
      <body>
        <header>示例 OA（演示用）</header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** The bridge's scan-login block: one element and one script tag, as an OA integrates it (the seed's 扫码入口). */
function ScanLogin(props: { bridgeUrl: string }) {
  return (
    <section class="scan" aria-label="扫码登录">
      <h2>扫码登录</h2>
      <div id="welink-scan-login"></div>
      <script src={`${props.bridgeUrl}/scan/login.js`} data-tenant="default" data-lang="zh-CN" async></script>
    </section>
  );
}

/** `scanFrom`: the bridge's URL when the OA is connected to one (its login page then shows the QR code). */
const SSO_NAMES = { cas: "CAS", oidc: "OpenID Connect" } as const;

/** With `sso` (the OA signs in through the bridge as CAS server / OIDC provider), the bridge's sign-in page takes the place of the embedded QR code. */
export function LoginPage(props: { error?: string; account?: string; scanFrom?: string | undefined; sso?: "cas" | "oidc" | undefined }) {
  return (
    <Layout title="登录">
      <h1>登录</h1>
      {props.error ? <p class="error" role="alert">{props.error}</p> : null}
      <div class="login-row">
        <form method="post" action="/login">
          <label for="account">账号</label>
          <input id="account" name="account" autocomplete="username" required value={props.account ?? ""} />
          <label for="password">密码</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">登录</button>
        </form>
        {props.sso ? (
          <section class="scan" aria-label="WeLink 登录">
            <h2>WeLink 登录（{SSO_NAMES[props.sso]}）</h2>
            <a id="sso-login" href="/sso/start?next=%2F">
              用 WeLink 扫码登录
            </a>
          </section>
        ) : props.scanFrom ? (
          <ScanLogin bridgeUrl={props.scanFrom} />
        ) : null}
      </div>
      <p class="hint">演示账号的密码是 demo-账号，例如 zhangwei / demo-zhangwei。</p>
    </Layout>
  );
}

const STATUS: Record<OaPerson["status"], string> = { active: "在职", left: "已离职" };

export function WhoPage(props: { person: OaPerson; dept: string; partTime: string[] }) {
  const p = props.person;
  const rows: [string, string][] = [
    ["姓名", p.name],
    ["账号", p.loginName],
    ["工号", p.jobNumber],
    ["职位", p.title],
    ["部门", props.dept || "—"],
    ["兼职部门", props.partTime.join("；") || "—"],
    ["手机", p.mobile ?? "—"],
    ["邮箱", p.email ?? "—"],
    ["状态", STATUS[p.status]],
  ];
  return (
    <Layout title="当前用户">
      <SignedIn person={p} />
      <ModuleNav />
      <h1>当前登录用户：{p.name}</h1>
      <dl>
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <form method="post" action="/logout">
        <button type="submit">退出登录</button>
      </form>
    </Layout>
  );
}

/** Who this browser is signed in as, in both languages (tests and people read the same line). */
export function SignedIn({ person }: { person: OaPerson }) {
  return (
    <p class="signed-in" role="status">
      已登录：{person.name}（{person.loginName}）<span lang="en"> · signed in as {person.name} ({person.loginName})</span>
    </p>
  );
}

/** The demo OA's modules: the pages a handoff's target may name (the bridge's default module list). */
export const MODULES: Record<string, string> = { "/todo": "待办", "/workflow": "审批", "/notice": "公告", "/contacts": "通讯录" };

function ModuleNav() {
  return (
    <nav class="modules" aria-label="模块">
      <a href="/">首页</a>
      {Object.entries(MODULES).map(([path, name]) => (
        <a href={path}>{name}</a>
      ))}
    </nav>
  );
}

export function ModulePage(props: { person: OaPerson; name: string }) {
  return (
    <Layout title={props.name}>
      <SignedIn person={props.person} />
      <ModuleNav />
      <h1>{props.name}</h1>
      <p class="hint">示例 OA 的「{props.name}」页面（演示用，没有内容）。</p>
    </Layout>
  );
}

/** Why a sign-in from the bridge was refused; no session was started. */
export function SsoErrorPage(props: { zh: string; en: string; code?: string }) {
  return (
    <Layout title="登录失败">
      <h1>无法通过 WeLink 桥接登录</h1>
      <p class="error" role="alert">
        {props.zh}
        <br />
        <span lang="en">{props.en}</span>
        {props.code ? <code> ({props.code})</code> : null}
      </p>
      <p class="hint">
        请从 WeLink 重新打开 OA，或 <a href="/login">用账号密码登录</a>。
      </p>
    </Layout>
  );
}
