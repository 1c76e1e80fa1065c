import { defineMessages } from "../../kernel/i18n.ts";

/** The refusals of a message link (`/t/{slug}/go/…`). */
export const tl = defineMessages(
  {
    "stop.code": "错误代码：{code}",
    "stop.UNKNOWN_TENANT.title": "找不到该组织",
    "stop.UNKNOWN_TENANT.body": "链接中的组织不存在。请从 WeLink 的消息或待办重新打开。",
    "stop.LINK_INVALID.title": "链接无效",
    "stop.LINK_INVALID.body": "这个链接不完整、已被改动，或不属于本组织。请从 WeLink 的消息或待办重新打开。",
    "stop.LINK_TARGET_REFUSED.title": "无法打开该地址",
    "stop.LINK_TARGET_REFUSED.body": "链接指向的页面不在本组织的 OA 地址下，为安全起见已拒绝跳转。请联系管理员。",
    "stop.OA_NOT_CONFIGURED.title": "OA 尚未配置好",
    "stop.OA_NOT_CONFIGURED.body": "管理员尚未完成 OA 的登录设置，暂时无法登录到 OA。请联系管理员。",
    "stop.OA_UNREACHABLE.title": "暂时无法连接 OA",
    "stop.OA_UNREACHABLE.body": "登录 OA 时出现问题。请稍后从 WeLink 重新打开。",
  },
  {
    "stop.code": "Error code: {code}",
    "stop.UNKNOWN_TENANT.title": "Organisation not found",
    "stop.UNKNOWN_TENANT.body": "The organisation in this link does not exist. Open it again from the message or todo in WeLink.",
    "stop.LINK_INVALID.title": "Invalid link",
    "stop.LINK_INVALID.body": "This link is incomplete, was altered, or does not belong to this organisation. Open it again from the message or todo in WeLink.",
    "stop.LINK_TARGET_REFUSED.title": "Cannot open this address",
    "stop.LINK_TARGET_REFUSED.body": "The page this link points to is not under this organisation's OA address, so it was refused for safety. Please contact your administrator.",
    "stop.OA_NOT_CONFIGURED.title": "The OA is not set up yet",
    "stop.OA_NOT_CONFIGURED.body": "The administrator has not finished the OA sign-in settings, so signing in to the OA is not available yet. Please contact your administrator.",
    "stop.OA_UNREACHABLE.title": "The OA cannot be reached",
    "stop.OA_UNREACHABLE.body": "Something went wrong signing in to the OA. Open the link again from WeLink later.",
  },
);

export type LinkStop = "UNKNOWN_TENANT" | "LINK_INVALID" | "LINK_TARGET_REFUSED" | "OA_NOT_CONFIGURED" | "OA_UNREACHABLE";
