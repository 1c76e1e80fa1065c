import { defineMessages } from "../../kernel/i18n.ts";

/** The pages a person sees on the bridge's CAS server (zh-CN first). */
const zh = {
  "cas.unknownService.title": "未登记的应用",
  "cas.unknownService.body": "请求登录的应用地址没有在本单位的 CAS 服务中登记，为安全起见不会跳转。请联系管理员在“CAS 服务”中登记该地址。",
  "cas.unknownService.url": "应用地址：{url}",
  "cas.unknownTenant.title": "找不到该单位",
  "cas.unknownTenant.body": "此登录地址不属于任何单位，请检查 OA 中配置的 CAS 地址。",
  "cas.signedIn.title": "已登录",
  "cas.signedIn.body": "您已通过 WeLink 登录（OA 账号 {account}）。现在可以打开本单位接入的应用，无需再次登录。",
  "cas.signedOut.title": "已退出登录",
  "cas.signedOut.body": "您已退出统一登录。为安全起见，请关闭浏览器窗口。",
  "cas.noAccount.title": "无法登录",
  "cas.noAccount.body": "您绑定的 OA 账号不在 OA 通讯录中，或已停用，因此无法登录该应用。请联系管理员。",
  "cas.requestId": "请求编号：{id}",
} as const;

const en = {
  "cas.unknownService.title": "Application not registered",
  "cas.unknownService.body": "The application asking you to sign in is not registered as a CAS service of your organisation, so you are not sent to it. Ask your administrator to register its address under CAS services.",
  "cas.unknownService.url": "Application address: {url}",
  "cas.unknownTenant.title": "Organisation not found",
  "cas.unknownTenant.body": "This sign-in address belongs to no organisation. Check the CAS address configured in the OA.",
  "cas.signedIn.title": "Signed in",
  "cas.signedIn.body": "You are signed in with WeLink (OA account {account}). Your organisation's applications now open without another sign-in.",
  "cas.signedOut.title": "Signed out",
  "cas.signedOut.body": "You have signed out of single sign-on. For safety, close the browser window.",
  "cas.noAccount.title": "Cannot sign in",
  "cas.noAccount.body": "Your bound OA account is not in the OA directory, or it is disabled, so you cannot sign in to this application. Ask your administrator.",
  "cas.requestId": "Request id: {id}",
} as const;

export const tc = defineMessages(zh, en);
export type CasPageKey = "unknownService" | "unknownTenant" | "signedIn" | "signedOut" | "noAccount";
