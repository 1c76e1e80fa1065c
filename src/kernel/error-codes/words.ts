import type { Texts } from "./types.ts";

/**
 * Words a message takes by name instead of text, so a thrower passes a language-neutral key
 * (`kind: "corp"`) and each language gets its own word. A param whose name is a table here
 * must be one of its keys (checked by the compiler); English words keep today's API wording.
 */
export const WORDS = {
  /** What NOT_FOUND did not find. */
  kind: {
    adminUser: { zh: "管理员", en: "Admin user" },
    app: { zh: "应用", en: "App" },
    callbackReceiver: { zh: "回调地址", en: "Callback receiver" },
    casService: { zh: "CAS 服务", en: "CAS service" },
    corp: { zh: "WeLink 企业", en: "WeLink enterprise" },
    csvImport: { zh: "CSV 导入记录", en: "CSV import" },
    delivery: { zh: "投递记录", en: "Delivery" },
    welinkDept: { zh: "WeLink 部门", en: "WeLink department" },
    message: { zh: "消息", en: "Message" },
    oaDepartment: { zh: "OA 部门", en: "OA department" },
    oaPerson: { zh: "OA 人员", en: "OA person" },
    oidcClient: { zh: "OIDC 客户端", en: "OIDC client" },
    pushRule: { zh: "推送规则", en: "Push rule" },
    pushRun: { zh: "推送任务", en: "Push run" },
    review: { zh: "待审核绑定", en: "Binding review" },
    signInSession: { zh: "登录会话", en: "Sign-in session" },
    syncRun: { zh: "同步任务", en: "Sync run" },
    tenant: { zh: "租户", en: "Tenant" },
    ticket: { zh: "扫码登录二维码", en: "Ticket" },
    token: { zh: "API 令牌", en: "Token" },
    welinkDepartment: { zh: "WeLink 部门", en: "WeLink department" },
    welinkPerson: { zh: "WeLink 人员", en: "WeLink person" },
  },
  /** Whose tenant a FORBIDDEN asks to be named. */
  resource: {
    oaConnection: { zh: "OA 连接", en: "OA connection" },
    oaDirectory: { zh: "OA 通讯录", en: "OA directory" },
    oaPortal: { zh: "OA 门户", en: "OA portal" },
  },
  /** What only a global administrator may do. */
  action: {
    createTenants: { zh: "创建租户", en: "create tenants" },
    deleteTenants: { zh: "删除租户", en: "delete tenants" },
  },
  /** A WeLink permission as the developer console names it (§0.4), for "apply for {permission}". */
  permission: {
    identity: { zh: "身份验证 / 免登", en: "identity & authentication (free login)" },
    "contacts-read": { zh: "通讯录读取", en: "contacts read" },
    "contacts-sync": { zh: "通讯录同步", en: "contact sync" },
    todo: { zh: "待办", en: "todo" },
    messages: { zh: "消息", en: "message push" },
    other: { zh: "该接口所属的权限组", en: "the permission group of this API" },
  },
  csrfCheck: {
    foreignOrigin: { zh: "来源不是本站", en: "foreign origin" },
    badToken: { zh: "校验令牌缺失或不符", en: "missing or wrong token" },
  },
  /** The direction a sync goes. */
  step: {
    pull: { zh: "从 WeLink 拉取通讯录", en: "pulling" },
    push: { zh: "把 OA 推送到 WeLink", en: "pushing" },
  },
  runKind: {
    pull: { zh: "拉取", en: "pull" },
    push: { zh: "推送", en: "push" },
    callback: { zh: "回调同步", en: "callback" },
    writeback: { zh: "写回 OA", en: "write-back to the OA" },
    edit: { zh: "组织修改", en: "organisation edit" },
  },
  runStatus: {
    running: { zh: "进行中", en: "running" },
    planned: { zh: "已预演、待应用", en: "planned" },
    ok: { zh: "已完成", en: "ok" },
    partial: { zh: "部分失败", en: "completed with failures" },
    held: { zh: "已暂停、待审批", en: "held" },
    failed: { zh: "失败", en: "failed" },
    approved: { zh: "已批准", en: "approved" },
    dismissed: { zh: "已驳回", en: "dismissed" },
    stale: { zh: "已过期", en: "stale" },
  },
  deliveryStatus: {
    pending: { zh: "待发送", en: "pending" },
    sending: { zh: "发送中", en: "sending" },
    sent: { zh: "已发送", en: "sent" },
    skipped: { zh: "已跳过", en: "skipped" },
    failed: { zh: "失败", en: "failed" },
    dead: { zh: "已放弃", en: "dead" },
  },
  ticketState: {
    pending: { zh: "等待扫码", en: "pending" },
    scanned: { zh: "已扫码、待确认", en: "scanned" },
    confirmed: { zh: "已确认", en: "confirmed" },
    consumed: { zh: "已使用", en: "consumed" },
    expired: { zh: "已过期", en: "expired" },
    denied: { zh: "已拒绝", en: "denied" },
    cancelled: { zh: "已取消", en: "cancelled" },
  },
} as const satisfies Record<string, Record<string, Texts>>;

export type WordTable = keyof typeof WORDS;
