import { defineMessages } from "../../kernel/i18n.ts";

/** What a person sees from the OpenID Connect provider: refusals that must not redirect, and logout. */
const zh = {
  "error.unknown_client.title": "无法识别的登录请求",
  "error.unknown_client.body": "发起登录的应用未在 WeLink 桥接中登记（client_id 不存在）。请联系管理员检查该应用的 OpenID Connect 设置。",
  "error.bad_redirect_uri.title": "回调地址未登记",
  "error.bad_redirect_uri.body": "该应用请求返回的地址（redirect_uri）与登记的地址不完全一致，为安全起见已停止。请联系管理员在客户端设置中登记准确的地址。",
  "error.bad_hint.title": "退出请求无效",
  "error.bad_hint.body": "退出请求携带的身份令牌（id_token_hint）不是本系统签发的，或与应用不符。",
  "error.bad_post_logout_uri.title": "退出后的返回地址未登记",
  "error.bad_post_logout_uri.body": "该应用要求退出后返回的地址未登记，为安全起见不会跳转。请联系管理员登记该地址。",
  "error.code": "错误代码：{code}",
  "logout.confirm.title": "退出登录",
  "logout.confirm.body": "要退出 WeLink 桥接的登录吗？退出后，通过它登录的应用需要重新确认身份。",
  "logout.confirm.button": "退出登录",
  "logout.done.title": "已退出登录",
  "logout.done.body": "您已退出 WeLink 桥接的登录。可以关闭此页面。",
} as const;

const en = {
  "error.unknown_client.title": "Unknown sign-in request",
  "error.unknown_client.body": "The application asking you to sign in is not registered with the WeLink bridge (no such client_id). Ask an administrator to check its OpenID Connect settings.",
  "error.bad_redirect_uri.title": "Return address not registered",
  "error.bad_redirect_uri.body": "The address the application wants to return to (redirect_uri) is not exactly one it registered, so the sign-in stopped here. Ask an administrator to register the exact address.",
  "error.bad_hint.title": "Invalid sign-out request",
  "error.bad_hint.body": "The identity token sent with the sign-out (id_token_hint) was not issued here, or does not match the application.",
  "error.bad_post_logout_uri.title": "Return address after sign-out not registered",
  "error.bad_post_logout_uri.body": "The application asked to return to an address it has not registered, so the bridge does not go there. Ask an administrator to register it.",
  "error.code": "Error code: {code}",
  "logout.confirm.title": "Sign out",
  "logout.confirm.body": "Sign out of the WeLink bridge? Applications you signed in to through it will ask you to prove who you are again.",
  "logout.confirm.button": "Sign out",
  "logout.done.title": "Signed out",
  "logout.done.body": "You are signed out of the WeLink bridge. You can close this page.",
} as const;

export const to = defineMessages(zh, en);
