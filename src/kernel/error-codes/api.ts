import type { CodeTable } from "./types.ts";

/** The API's own refusals (kernel/http), tenants, admins and tokens, WeLink enterprises and apps. */
export const API_CODES = {
  UNAUTHORIZED: {
    status: 401,
    zh: "请求缺少 API 令牌：请在请求头中加上“Authorization: Bearer <令牌>”。",
    en: "Send an API token as 'Authorization: Bearer <token>'.",
    variants: {
      badToken: {
        zh: "API 令牌无效：它不存在、已被吊销或已过期。请在管理后台的“API 令牌”页核对，或新建一个。",
        en: "The token is unknown, revoked or expired.",
      },
      admin: { zh: "请先登录管理后台。", en: "Sign in to the admin first." },
    },
  },
  FORBIDDEN: {
    status: 403,
    zh: "此 API 令牌的权限范围（{scopes}）不允许这个操作，需要“{needed}”权限。请换用合适的令牌，或新建一个带该权限的令牌。",
    en: "This token's scopes ({scopes}) do not allow this; it needs '{needed}'.",
    variants: {
      tenantFor: { zh: "请用请求头 X-Bridge-Tenant 指明这个{resource}所属的租户。", en: "Name the tenant (X-Bridge-Tenant) whose {resource} this is." },
      handoffTenant: {
        zh: "请用请求头 X-Bridge-Tenant 指明要兑换此 OA 登录凭证的租户。",
        en: "Name the tenant (X-Bridge-Tenant) whose OA redeems this handoff.",
      },
      globalOnly: { zh: "只有全局管理员才能{action}。", en: "Only a global administrator can {action}." },
    },
  },
  NOT_FOUND: {
    status: 404,
    zh: "找不到{kind}“{id}”：它可能已被删除，或不属于当前租户。",
    en: "{kind} '{id}' was not found.",
    variants: {
      path: { zh: "找不到页面或接口“{path}”，请检查地址是否正确。", en: "The path '{path}' was not found." },
      noId: { zh: "找不到该{kind}，它可能已过期或已被删除。", en: "{kind} was not found." },
      tenantHeader: {
        zh: "找不到请求头 X-Bridge-Tenant 指定的租户“{id}”，请检查租户标识。",
        en: "Tenant '{id}' (X-Bridge-Tenant) was not found.",
      },
      binding: { zh: "WeLink 人员“{id}”没有绑定（或绑定已被删除）。", en: "A binding of WeLink person '{id}' was not found." },
      deptBinding: { zh: "WeLink 部门“{id}”没有关联 OA 部门（或关联已被解除）。", en: "WeLink department '{id}' is not linked to an OA department." },
    },
  },
  METHOD_NOT_ALLOWED: { status: 405, zh: "此地址不支持 {method} 方法，请改用 {allowed}。", en: "{method} is not allowed here; use {allowed}." },
  VALIDATION_FAILED: {
    status: 422,
    zh: "请求中有字段不符合要求，请按各字段的提示修改后重试。",
    en: "The request has invalid fields; see 'errors'.",
    variants: {
      control: {
        zh: "“{field}”中含有控制字符（如 NUL）或残缺的字符，请删去后重新提交。",
        en: "'{field}' contains a control character (such as NUL) or a broken character; remove it and submit again.",
      },
    },
  },
  MALFORMED_JSON: {
    status: 400,
    zh: "请求体不是合法的 JSON，请检查引号、逗号和括号是否完整配对。",
    en: "The request body is not valid JSON.",
  },
  MALFORMED_FORM: {
    status: 400,
    zh: "提交的表单无法读取（格式损坏或与声明的类型不符），请刷新页面后重新提交。",
    en: "The submitted form cannot be read (it is damaged or not of the type it declares); reload the page and submit again.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: "请以 JSON 格式发送请求体，并带上请求头“Content-Type: application/json”。",
    en: "Send the body as JSON with 'Content-Type: application/json'.",
    variants: {
      csv: {
        zh: "请把 CSV 文件本身作为请求体发送，并带上“Content-Type: text/csv”（不要用 JSON 或表单）。",
        en: "Send the file itself as the request body with 'Content-Type: text/csv' (not JSON, not a form).",
      },
    },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: "请求体超过了 {limit} 字节的上限，请拆分后分批发送。",
    en: "The request body is larger than the limit of {limit} bytes.",
  },
  RATE_LIMITED: {
    status: 429,
    retryable: true,
    zh: "来自此地址的无效令牌请求过多，已被暂时限制，请稍后再试。",
    en: "Too many requests with bad tokens from this address; wait and retry.",
  },
  HTTP_ERROR: {
    status: 400,
    zh: "请求无法处理，请检查请求的地址、方法和内容。",
    en: "The request could not be handled.",
    variants: { reason: { zh: "请求无法处理：{reason}。", en: "The request could not be handled: {reason}." } },
  },
  INTERNAL: {
    status: 500,
    retryable: true,
    zh: "桥接服务内部出错，错误已连同请求编号记入日志。请稍后重试；若反复出现，请把请求编号提供给运维人员。",
    en: "Something went wrong on our side; the error was logged with the request id.",
  },
  MIGRATIONS_PENDING: {
    status: 503,
    zh: "数据库只执行了 {shipped} 个迁移中的 {applied} 个：请先运行“migrate”命令升级数据库。",
    en: "The database has {applied} of {shipped} migrations; run 'migrate'.",
  },
  DATABASE_UNREACHABLE: {
    status: 503,
    retryable: true,
    zh: "数据库没有响应：请检查数据库是否在运行，以及连接地址是否正确。",
    en: "The database does not answer.",
  },
  CSRF_REJECTED: {
    status: 403,
    zh: "表单已失效或来源不可信（CSRF 校验未通过：{csrfCheck}），操作未执行。请返回并刷新页面后重试。",
    en: "The form could not be verified ({csrfCheck}); reload the page and try again.",
  },
  INVALID_CREDENTIALS: { status: 401, zh: "用户名或密码错误。", en: "The user name or password is wrong." },
  ACCOUNT_LOCKED: {
    status: 429,
    zh: "从这个地址以这个用户名登录失败次数过多，请 {seconds} 秒后再试（每多错一次，等待时间加倍）。",
    en: "Too many failed sign-ins with this user name from this address; try again in {seconds} s (each further failure doubles the wait).",
  },
  TENANT_REQUIRED: {
    status: 400,
    zh: "这是租户下的资源：请用请求头“X-Bridge-Tenant: <租户标识>”指明租户。",
    en: "This is a tenant's resource: name the tenant with the header 'X-Bridge-Tenant: <slug>'.",
    variants: {
      corps: {
        zh: "WeLink 企业属于某个租户：请用请求头“X-Bridge-Tenant: <租户标识>”指明租户。",
        en: "WeLink enterprises belong to a tenant: name it with the header 'X-Bridge-Tenant: <slug>'.",
      },
    },
  },
  TENANT_EXISTS: { status: 409, zh: "租户标识“{slug}”已被使用，请换一个。", en: "A tenant with slug '{slug}' already exists; pick another slug." },
  USERNAME_TAKEN: { status: 409, zh: "用户名“{username}”已被占用，请换一个。", en: "The user name '{username}' is taken; pick another." },
  CANNOT_REMOVE_SELF: {
    status: 409,
    zh: "不能删除自己的账号，请让其他管理员来操作。",
    en: "You cannot remove your own account; ask another administrator.",
  },
  LAST_GLOBAL_ADMIN: {
    status: 409,
    zh: "这是最后一位全局管理员：请先添加另一位全局管理员，再删除此账号。",
    en: "This is the last global administrator; add another before removing it.",
  },
  CORP_EXISTS: {
    status: 409,
    zh: "本租户已接入 WeLink 企业“{welinkTenantId}”，请直接编辑它，不要重复添加。",
    en: "This tenant already integrates the WeLink enterprise '{welinkTenantId}'; edit that one instead.",
  },
  APP_EXISTS: {
    status: 409,
    zh: "该企业下已有 client_id 为“{clientId}”的应用，请直接编辑它。",
    en: "This enterprise already has an app with client_id '{clientId}'; edit that one instead.",
  },
  CONFIRMATION_REQUIRED: {
    status: 409,
    zh: "删除 WeLink 企业“{corp}”会同时删除它的 {apps} 个应用（及其主页地址）、WeLink 通讯录（{people} 人、{departments} 个部门）、{bindings} 条绑定和 {scheduleCount} 个定时任务{schedules}；{loginLogKept} 条登录日志会保留。加上 ?keepDirectory=true 则只删除应用和定时任务，保留通讯录和绑定。确认删除请加上 ?confirm=true 重新发送请求。",
    en: "Removing the WeLink enterprise '{corp}' also removes its {apps} app(s) with their homepage URLs, its WeLink directory ({people} people, {departments} departments) and {bindings} binding(s), and {scheduleCount} schedule(s){schedules}; its {loginLogKept} login log entry(s) stay. With ?keepDirectory=true only the apps and schedules go and the directory and bindings stay. Send the request again with ?confirm=true to remove it.",
    variants: {
      unbindAll: {
        zh: "此操作会删除“{corp}”的全部 {count} 条绑定。确认无误后，请带上 confirm: {count} 重新提交。",
        en: "This removes all {count} binding(s) of '{corp}'. Send confirm: {count} to go ahead.",
      },
      tenant: {
        zh: "删除租户“{tenant}”会同时删除它的 {corps} 个 WeLink 企业（及其应用、通讯录、绑定和定时任务）、它的 API 令牌和管理员账号，且无法恢复。确认删除请加上 ?confirm=true 重新发送请求。",
        en: "Deleting the tenant '{tenant}' also deletes its {corps} WeLink enterprise(s) with their apps, directory, bindings and schedules, and its API tokens and admins; this cannot be undone. Send the request again with ?confirm=true to delete it.",
      },
    },
  },
} as const satisfies CodeTable;
