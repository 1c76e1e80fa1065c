import type { CodeTable } from "./types.ts";

/** The organisation: the OA connection and its CSV files, the WeLink directory and bindings, syncs both ways. */
export const ORG_CODES = {
  OA_UNREACHABLE: {
    status: 502,
    retryable: true,
    zh: "无法连接到 OA（{url}）：{reason}。请检查 OA 地址是否正确、OA 是否在运行，以及桥接服务所在的机器能否访问它。",
    en: "The OA at {url} cannot be reached ({reason}). Check the base URL and that the OA is running and reachable from the bridge.",
  },
  OA_TIMEOUT: {
    status: 502,
    retryable: true,
    zh: "OA（{url}）在 {seconds} 秒内没有应答。请检查 OA 是否负载过高，或在 OA 连接设置中调大超时时间。",
    en: "The OA at {url} did not answer within {seconds} s. Check that it is not overloaded, or raise the timeout.",
  },
  OA_AUTH_FAILED: {
    status: 502,
    zh: "OA 拒绝了桥接服务的凭据（HTTP {httpStatus}）。请在 OA 连接设置中核对令牌、用户名和密码，或自定义请求头。",
    en: "The OA refused the bridge's credentials (HTTP {httpStatus}). Check the token, user name and password, or header in the OA connection settings.",
  },
  OA_HTTP_ERROR: {
    status: 502,
    zh: "OA 对 {path} 返回了 HTTP {httpStatus}。请检查该接口路径是否正确、OA 是否运行正常。",
    en: "The OA answered HTTP {httpStatus} for {path}.",
  },
  OA_BAD_RESPONSE: {
    status: 502,
    zh: "OA 对 {path} 的应答与连接设置描述的不一致：{why}。请检查接口路径和字段映射。",
    en: "The OA's answer for {path} is not what the settings describe: {why}. Check the paths and field mapping.",
  },
  OA_NOT_SUPPORTED: {
    status: 422,
    zh: "此 OA 连接没有配置密码校验，员工无法用 OA 密码自助绑定：请由管理员绑定，或用绑定规则自动绑定。",
    en: "This OA connection has no password check, so people cannot bind with their OA password: an admin binds them, or the binding rule does.",
    variants: {
      csvRefresh: {
        zh: "CSV 通讯录只能通过上传文件更新，没有可刷新的数据源。",
        en: "A CSV directory changes only by uploading files; there is nothing to refresh from.",
      },
      ldapChanges: {
        zh: "此目录连接没有设置修改时间属性（whenChanged / modifyTimestamp），或给出的时间不是 LDAP 时间格式（如 20260101000000Z），无法只读取变化的条目：请做一次完整刷新。",
        en: "This directory connection has no last-changed attribute (whenChanged / modifyTimestamp), or the time given is not an LDAP time (e.g. 20260101000000Z), so changed entries cannot be read alone: run a full refresh.",
      },
      changes: {
        zh: "此 OA 数据源不能只读取变化（只有 LDAP / AD 连接在设置了修改时间属性后可以），或还没有做过一次成功的完整刷新：请做一次完整刷新。",
        en: "This OA source cannot read changes alone (only an LDAP / AD connection with a last-changed attribute can), or it has not had a good full refresh yet: run a full refresh.",
      },
      sqlPassword: {
        zh: "OA 数据库数据源不校验密码（密码的存储方式由 OA 自己决定）：请由管理员绑定，或用绑定规则自动绑定。",
        en: "The OA database source does not check passwords (how the OA stores them is its own business): bind people by an admin or by the binding rule.",
      },
      csvPassword: {
        zh: "CSV 通讯录不含密码：请由管理员绑定，或用绑定规则自动绑定。",
        en: "A CSV directory has no passwords: bind people by an admin or by the binding rule.",
      },
      write: {
        zh: "此 OA 连接不支持写入（{what}）：WeLink → OA 同步需要在连接设置中配置相应的写入接口。",
        en: "This OA connection cannot write ({what}): WeLink → OA sync needs the matching write endpoint in the connection's settings.",
      },
    },
  },
  OA_SECRET_MISSING: {
    status: 422,
    zh: "OA 连接使用 Bearer 令牌登录，但没有填写令牌：请在连接的密钥中填写 token 后重新保存。",
    en: "The OA connection signs in with a bearer token but has no token. Send it in the connection's secrets (\"token\") and save again.",
    variants: {
      basic: {
        zh: "OA 连接以 {username} 的身份用 Basic 认证登录，但没有填写密码：请在连接的密钥中填写 password 后重新保存。",
        en: "The OA connection signs in with basic authentication as {username} but has no password. Send it in the connection's secrets (\"password\") and save again.",
      },
      header: {
        zh: "OA 连接用请求头 {header} 登录，但没有填写它的值：请在连接的密钥中填写 headerValue 后重新保存。",
        en: "The OA connection signs in with the header {header} but has no headerValue. Send it in the connection's secrets (\"headerValue\") and save again.",
      },
      ldap: {
        zh: "目录连接以 {bindDn} 的身份绑定，但没有填写密码：请在连接的密钥中填写 bindPassword 后重新保存。",
        en: "The directory connection binds as {bindDn} but has no password. Send it in the connection's secrets (\"bindPassword\") and save again.",
      },
    },
  },
  OA_NOT_CONFIGURED: {
    status: 409,
    zh: "此租户还没有设置 OA 连接：请在管理后台的“OA 连接”页设置（API：PUT /api/v1/oa/connection）。",
    en: "This tenant has no OA connection yet; set one with PUT /api/v1/oa/connection (or in the admin).",
  },
  REFRESH_INTERRUPTED: {
    status: 409,
    zh: "这次刷新在完成前被中断（bridge 停止或崩溃）；通讯录快照保持刷新前的样子，请重新刷新。",
    en: "This refresh was interrupted before it finished (the bridge stopped or crashed); the directory snapshot is as it was before. Refresh again.",
  },
  REFRESH_RUNNING: {
    status: 409,
    zh: "这个 OA 通讯录已有一次刷新正在进行，请等它结束后再试。",
    en: "A refresh of this OA directory is already running; wait for it to finish.",
  },
  CSV_NO_FILE: { status: 422, zh: "请选择一个 CSV 文件。", en: "Choose a CSV file." },
  CSV_EMPTY: {
    status: 422,
    zh: "文件为空：请把 CSV 文件作为请求体发送，第一行为表头。",
    en: "The file is empty: send the CSV as the request body, with a header line.",
  },
  CSV_MISSING_COLUMNS: {
    status: 422,
    zh: "缺少必需的列：{missing}。文件中现有的列：{found}。应包含：{expected}。",
    en: "Missing required column(s): {missing}. Found: {found}. Expected: {expected}.",
  },
  CSV_DUPLICATE_COLUMN: { status: 422, zh: "有多个列都表示“{field}”（{headers}），请只保留一列。", en: "Several columns mean '{field}' ({headers}): keep one." },
  CSV_UNSUPPORTED_ENCODING: {
    status: 422,
    zh: "不支持 UTF-16 编码的文件：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或 GB18030/GBK 编码的 CSV。",
    en: "UTF-16 files are not accepted: save the sheet as 'CSV UTF-8' (or GB18030/GBK CSV).",
  },
  CSV_UNREADABLE: { status: 422, zh: "文件无法读取：{reason}。", en: "The file cannot be read: {reason}." },
  CSV_ENCODING: {
    status: 422,
    zh: "文件中有一行含有不属于 {encoding} 编码的字节（同一文件混用了编码？）：请在 Excel 中重新另存为“CSV UTF-8”。",
    en: "A line has bytes that are not {encoding} (a file mixing encodings?); save the sheet again as 'CSV UTF-8'.",
    variants: { lineTooLong: { zh: "文件中有一行超过 {mib} MiB，请检查文件是否完整。", en: "A line is longer than {mib} MiB." } },
  },
  CSV_INVALID: {
    status: 400,
    zh: "文件不是有效的 CSV：{reason}",
    en: "The file is not valid CSV: {reason}",
    variants: {
      empty: { zh: "文件是空的。", en: "The file is empty." },
      columns: {
        zh: "文件需要 welink_user_id 和 oa_value 两列（先导出表格，即可得到带这两列的文件）。",
        en: "The file needs the columns welink_user_id and oa_value (export the sheet to get them).",
      },
      noFile: { zh: "请选择一个 CSV 文件。", en: "Choose a CSV file." },
    },
  },
  BINDING_CONFLICT: {
    status: 409,
    zh: "这个 OA 账号已在本企业绑定了另一位 WeLink 人员。请先让管理员解除那条绑定。",
    en: "This OA account is already bound to another WeLink person in this enterprise. Ask an administrator to remove that binding first.",
    variants: {
      welinkTaken: {
        zh: "这位 WeLink 人员已在本企业绑定了另一个 OA 账号。请先让管理员解除那条绑定。",
        en: "This WeLink person is already bound to another OA account in this enterprise. Ask an administrator to remove that binding first.",
      },
    },
  },
  DEPT_BINDING_CONFLICT: {
    status: 409,
    zh: "OA 部门“{oaDept}”已在本企业关联了 WeLink 部门“{dept}”。一个 OA 部门只能关联一个 WeLink 部门：请先解除那条关联。",
    en: "OA department '{oaDept}' is already linked to WeLink department '{dept}' in this enterprise. An OA department links to one WeLink department only: unlink that one first.",
  },
  BINDING_RULE_DISABLED: {
    status: 409,
    zh: "该企业的绑定规则未开启：请先在企业设置中开启绑定规则（API：PATCH 企业的 bindingRule）。",
    en: "The enterprise's binding rule is off; turn it on (PATCH the enterprise's bindingRule) first.",
  },
  REVIEW_RESOLVED: {
    status: 409,
    zh: "这条待审核记录已通过绑定处理，无需再操作。",
    en: "This review was already settled by a binding.",
    variants: { dismissed: { zh: "这条待审核记录已被忽略，无需再操作。", en: "This review was already dismissed." } },
  },
} as const satisfies CodeTable;
