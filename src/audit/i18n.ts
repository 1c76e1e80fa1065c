import { defineMessages } from "../kernel/i18n.ts";

const zh = {
  "audit.title": "审计日志",
  "audit.intro": "管理后台和 API 的每一次写操作都记录在这里：谁、何时、对什么、改了什么（密钥类字段已遮盖）。",
  "audit.globalScope": "全局视图：显示所有租户的记录。",
  "audit.filter.action": "操作前缀",
  "audit.filter.actionHint": "例如 token. 或 tenant.create",
  "audit.filter.actor": "操作者",
  "audit.filter.actorHint": "完整标识，例如 user:admin",
  "audit.filter.target": "对象包含",
  "audit.filter.from": "起始日期",
  "audit.filter.to": "截止日期",
  "audit.filter.badDate": "请输入 YYYY-MM-DD 格式的日期",
  "audit.col.at": "时间",
  "audit.col.actor": "操作者",
  "audit.col.action": "操作",
  "audit.col.target": "对象",
  "audit.col.tenant": "租户",
  "audit.col.change": "变更（前 → 后）",
  "audit.col.ip": "来源 IP",
  "audit.empty": "没有符合条件的记录。",
  "audit.global": "全局",
} as const;

const en = {
  "audit.title": "Audit log",
  "audit.intro": "Every write made through the admin or the API: who, when, on what, and what changed (secret fields masked).",
  "audit.globalScope": "Global view: entries of every tenant are shown.",
  "audit.filter.action": "Action prefix",
  "audit.filter.actionHint": "e.g. token. or tenant.create",
  "audit.filter.actor": "Actor",
  "audit.filter.actorHint": "the full label, e.g. user:admin",
  "audit.filter.target": "Target contains",
  "audit.filter.from": "From date",
  "audit.filter.to": "To date",
  "audit.filter.badDate": "Enter a date as YYYY-MM-DD",
  "audit.col.at": "Time",
  "audit.col.actor": "Actor",
  "audit.col.action": "Action",
  "audit.col.target": "Target",
  "audit.col.tenant": "Tenant",
  "audit.col.change": "Change (before → after)",
  "audit.col.ip": "IP",
  "audit.empty": "No entries match.",
  "audit.global": "global",
};

export const tau = defineMessages(zh, en);
