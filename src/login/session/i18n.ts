import { defineMessages } from "../../kernel/i18n.ts";

/** The bridge's sign-in page (`/t/{slug}/signin`) and its refusals. */
export const ts = defineMessages(
  {
    "signin.title": "登录",
    "signin.org": "登录到：{name}",
    "signin.intro": "请使用手机 WeLink 的「扫一扫」扫描二维码，并在手机上确认登录。",
    "signin.oauth": "使用 WeLink 账号登录（网页授权）",
    "signin.renew": "请重新确认您的身份。",
    "signin.switch": "English",
    "stop.code": "错误代码：{code}",
    "stop.UNKNOWN_TENANT.title": "找不到该组织",
    "stop.UNKNOWN_TENANT.body": "登录地址中的组织不存在。请从 OA 或 WeLink 重新打开。",
    "stop.BAD_RETURN.title": "无法登录到该地址",
    "stop.BAD_RETURN.body": "登录后要返回的地址不属于本组织在桥接服务上的页面，为安全起见已拒绝。请从 OA 重新打开登录。",
    "stop.SIGNIN_OFF.title": "暂时无法登录",
    "stop.SIGNIN_OFF.body": "本组织尚未开启扫码登录或未选择用于登录的 WeLink 应用。请联系管理员。",
    "stop.PROOF_INVALID.title": "登录链接已失效",
    "stop.PROOF_INVALID.body": "这次登录的确认链接已使用过或已过期（有效期 1 分钟）。请从 OA 重新打开登录。",
  },
  {
    "signin.title": "Sign in",
    "signin.org": "Signing in to: {name}",
    "signin.intro": "Scan the QR code with WeLink's Scan on your phone, then confirm the sign-in there.",
    "signin.oauth": "Sign in with your WeLink account (web authorization)",
    "signin.renew": "Please confirm who you are again.",
    "signin.switch": "简体中文",
    "stop.code": "Error code: {code}",
    "stop.UNKNOWN_TENANT.title": "Organisation not found",
    "stop.UNKNOWN_TENANT.body": "The organisation in this sign-in address does not exist. Open it again from the OA or from WeLink.",
    "stop.BAD_RETURN.title": "Cannot sign in to this address",
    "stop.BAD_RETURN.body": "The address to return to after signing in is not a page of this organisation on the bridge, so it was refused for safety. Start the sign-in again from the OA.",
    "stop.SIGNIN_OFF.title": "Sign-in is not available",
    "stop.SIGNIN_OFF.body": "This organisation has not switched scan login on or has not chosen the WeLink app to sign in with. Please contact your administrator.",
    "stop.PROOF_INVALID.title": "This sign-in link has expired",
    "stop.PROOF_INVALID.body": "The confirmation link of this sign-in was already used or has expired (it lasts one minute). Start the sign-in again from the OA.",
  },
);

export type SignInStop = "UNKNOWN_TENANT" | "BAD_RETURN" | "SIGNIN_OFF" | "PROOF_INVALID";
