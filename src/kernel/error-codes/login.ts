import type { CodeTable } from "./types.ts";

/** Signing people in (handoff, scan-to-login) and pushing OA messages. */
export const LOGIN_CODES = {
  WELINK_NOT_CONFIGURED: {
    status: 409,
    zh: "请先添加 WeLink：先接入一个 WeLink 企业并添加它的应用（API：先 POST /api/v1/corps，再添加应用）。",
    // The Chinese lead is the phrase the scan-login settings page shows; API clients grep for it.
    en: "请先添加 WeLink — Add a WeLink enterprise and app first (POST /api/v1/corps, then its apps).",
  },
  HANDOFF_INVALID: { status: 401, zh: "OA 登录凭证无效：{why}。", en: "The handoff token is not valid: {why}." },
  HANDOFF_EXPIRED: {
    status: 401,
    zh: "OA 登录凭证已过期（有效期只有 {seconds} 秒）：请从 WeLink 重新打开 OA。",
    en: "The handoff token has expired (they live {seconds} seconds); open the OA from WeLink again.",
  },
  HANDOFF_USED: {
    status: 409,
    zh: "这个 OA 登录凭证已被使用过，每个凭证只能用一次。",
    en: "This handoff token was already redeemed; each one works once.",
  },
  HANDOFF_WRONG_TENANT: {
    status: 403,
    zh: "这个 OA 登录凭证是签发给其他租户的 OA 的，与当前 API 令牌所属的租户不符。",
    en: "The handoff token was issued for another tenant's OA than this API token's tenant.",
  },
  TICKET_UNKNOWN: {
    status: 404,
    zh: "无法识别这个二维码，或它不是由当前浏览器申请的。请刷新页面获取新的二维码。",
    en: "This QR code is unknown, or it was not asked for by this browser.",
  },
  TICKET_EXPIRED: { status: 410, zh: "二维码已过期，请刷新获取新的二维码。", en: "The QR code expired. Refresh it to get a new one." },
  TICKET_DENIED: { status: 409, zh: "已在手机上拒绝了本次登录。", en: "The sign-in was denied on the phone." },
  TICKET_CANCELLED: { status: 409, zh: "二维码已取消，请刷新获取新的二维码。", en: "The QR code was cancelled. Refresh it to get a new one." },
  SECOND_SCANNER: {
    status: 409,
    zh: "还有其他人扫描了这个二维码，为安全起见它已作废。请在电脑上重新获取二维码。",
    en: "Someone else scanned this QR code as well, so it was cancelled. Ask for a new one on the computer.",
  },
  TICKET_USED: {
    status: 409,
    zh: "这个二维码已经用于登录，请刷新获取新的二维码。",
    en: "This QR code was already used to sign in. Refresh it to get a new one.",
  },
  TICKET_CONFIRMED: {
    status: 409,
    zh: "已在手机上确认登录，请回到电脑上继续。",
    en: "The sign-in was already approved on the phone; continue on the computer.",
  },
  TICKET_NOT_CONFIRMED: {
    status: 409,
    zh: "还没有在手机上确认登录（当前状态：{ticketState}）。",
    en: "The sign-in is not approved on the phone yet (the ticket is {ticketState}).",
  },
  NETWORK_NOT_ALLOWED: {
    status: 403,
    zh: "当前网络不允许扫码登录：请联系管理员把这个网络加入可信网络。",
    en: "Scan login is not offered on this network. Ask your administrator to add it to the trusted networks.",
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    zh: "这个页面不允许显示扫码登录二维码：请联系管理员把它的来源加入允许的来源。",
    en: "This page may not show the scan-login QR code. Ask your administrator to add its origin to the allowed origins.",
  },
  SCAN_LOGIN_OFF: { status: 403, zh: "本组织已关闭扫码登录。", en: "Scan login is switched off for this organisation." },
  TOO_MANY_TICKETS: {
    status: 429,
    zh: "这个地址申请二维码过于频繁，请 {seconds} 秒后再试。",
    en: "Too many QR codes asked for from this address; try again in {seconds} s.",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: "Idempotency-Key“{key}”已用于另一个不同的请求体：新的请求请使用新的键。",
    en: "The Idempotency-Key '{key}' was already used with another request body; use a new key for a new request.",
  },
  DELIVERY_NOT_REPLAYABLE: {
    status: 409,
    zh: "这条投递已不是“失败”或“已放弃”状态（现在是“{deliveryStatus}”，可能已重新排队或已发送），无需重发。",
    en: "The delivery is {deliveryStatus}; only dead or failed deliveries can be replayed.",
  },
} as const satisfies CodeTable;
