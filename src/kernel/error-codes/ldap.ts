import type { CodeTable } from "./types.ts";

/** The LDAP / Active Directory source: each way a connection can fail, in words an admin can act on. */
export const LDAP_CODES = {
  OA_LDAP_UNREACHABLE: {
    status: 502,
    retryable: true,
    zh: "无法连接到目录服务器（{url}）：{reason}。请检查地址和端口是否正确、服务器是否在运行，以及桥接服务所在的机器能否访问它。",
    en: "The directory server at {url} cannot be reached ({reason}). Check the host and port, that the server is running, and that the bridge can reach it.",
  },
  OA_LDAP_TLS: {
    status: 502,
    zh: "与目录服务器（{url}）建立 TLS 加密连接失败：{reason}。请检查服务器是否支持 ldaps:// 或 StartTLS，以及填写的 CA 证书是否签发了服务器的证书。",
    en: "The TLS connection to the directory server at {url} failed ({reason}). Check that the server offers ldaps:// or StartTLS and that the CA certificate given signed the server's certificate.",
  },
  OA_LDAP_BIND: {
    status: 502,
    zh: "目录服务器拒绝了绑定账号 {bindDn} 的凭据（LDAP 结果码 49）。请核对绑定 DN 和密码。",
    en: "The directory server refused the credentials of the bind account {bindDn} (LDAP result 49). Check the bind DN and password.",
  },
  OA_LDAP_BASE_DN: {
    status: 502,
    zh: "目录中找不到基准 DN {baseDn}（LDAP 结果码 32）。请检查拼写，或确认绑定账号有权读取它。",
    en: "The base DN {baseDn} does not exist in the directory (LDAP result 32). Check its spelling, or that the bind account may read it.",
  },
  OA_LDAP_NO_MATCH: {
    status: 502,
    zh: "在 {baseDn} 下，人员筛选条件 {filter} 没有匹配到任何人。请检查筛选条件和基准 DN。",
    en: "The people filter {filter} matched nobody under {baseDn}. Check the filter and the base DN.",
  },
  OA_LDAP_ACCOUNT_LOCKED: {
    status: 423,
    zh: "目录服务器已锁定 OA 账号 {account}（密码错误次数过多或管理员锁定）。请联系 IT 管理员解锁。",
    en: "The directory has locked the OA account {account} (too many wrong passwords, or locked by an administrator). Ask your IT administrator to unlock it.",
  },
  OA_LDAP_ERROR: {
    status: 502,
    zh: "目录服务器返回了错误（LDAP 结果码 {resultCode}）：{reason}。",
    en: "The directory server answered an error (LDAP result {resultCode}): {reason}.",
  },
  OA_LDAP_NO_WRITE: {
    status: 422,
    zh: "此目录连接没有设置写入：WeLink → OA 同步需要在连接设置中填写写入 OU（write.ou），以及一个有写入权限的账号。",
    en: "This directory connection has no write settings: WeLink → OA sync needs a write OU (write.ou) in the connection's settings, and an account allowed to write.",
    variants: {
      password: {
        zh: "目录连接以 {bindDn} 的身份写入，但没有填写它的密码：请在连接的密钥中填写 writeBindPassword 后重新保存。",
        en: "The directory connection writes as {bindDn} but has no password for it. Send it in the connection's secrets (\"writeBindPassword\") and save again.",
      },
    },
  },
  OA_LDAP_WRITE_ACCESS: {
    status: 502,
    zh: "目录服务器不允许 {bindDn} 写入 {dn}（LDAP 结果码 50，权限不足）。请在目录中给该账号写入 OU 下的创建、修改和删除权限，或在写入设置中另填一个有权限的账号。",
    en: "The directory does not allow {bindDn} to write {dn} (LDAP result 50, insufficient access). Grant the account create, modify and delete rights under the write OU, or set another account allowed to write in the write settings.",
  },
  OA_LDAP_OBJECT_CLASS: {
    status: 502,
    zh: "目录的 schema 拒绝了条目 {dn}（LDAP 结果码 {resultCode}）：{reason}。请检查写入设置中的对象类、RDN 属性和属性映射是否符合目录的 schema。",
    en: "The directory's schema refused the entry {dn} (LDAP result {resultCode}): {reason}. Check that the write settings' object classes, RDN attribute and the attribute mapping fit the directory's schema.",
  },
  OA_LDAP_ENTRY_EXISTS: {
    status: 409,
    zh: "目录中已有条目 {dn}，且它不是要写入的这个对象（LDAP 结果码 68）。请在目录中改名或移走它，或先把它与 WeLink 中的对象绑定。",
    en: "The directory already holds {dn}, and it is not the object being written (LDAP result 68). Rename or move it in the directory, or bind it to its WeLink counterpart first.",
  },
  OA_LDAP_ACCOUNT_TAKEN: {
    status: 409,
    zh: "目录中 {dn} 已使用账号 {account}：同一账号不能再建一个人。请先把此人与 WeLink 中的人员绑定，或在 WeLink 中改用其他工号。",
    en: "The account {account} is already used by {dn} in the directory: a second person with it is not created. Bind that person to the WeLink person first, or give the WeLink person another employee number.",
  },
  OA_LDAP_NOT_FOUND: {
    status: 409,
    zh: "目录中找不到 ID 为 {id} 的条目（可能已被删除或移出基准 DN）。请刷新 OA 通讯录后再同步。",
    en: "No entry with the id {id} is in the directory (deleted, or moved out of the base DN). Refresh the OA directory and sync again.",
    variants: {
      dn: {
        zh: "目录中没有条目 {dn}（LDAP 结果码 32）。请检查写入设置中的写入 OU 是否存在。",
        en: "The directory has no entry {dn} (LDAP result 32). Check that the write settings' OU exists.",
      },
    },
  },
  OA_LDAP_DEPT_NOT_EMPTY: {
    status: 409,
    zh: "部门 {dn} 下还有 {count} 个条目（人员或下级部门，含已停用的人员），目录中不能删除非空的 OU。请在目录中移走或删除它们后再同步。",
    en: "The department {dn} still holds {count} entries (people, including disabled ones, or departments), and a non-empty OU cannot be deleted. Move or delete them in the directory and sync again.",
  },
  OA_LDAP_NO_DISABLE: {
    status: 422,
    zh: "此目录连接没有说明如何表示停用的人员，无法停用 {id}：请在属性映射的“停用判断”中选择 AD 的 userAccountControl，或某个属性及其表示停用的值（写入时用第一个值）。",
    en: "This directory connection does not say how a disabled person shows, so {id} cannot be disabled: set the mapping's disabled people to AD's userAccountControl, or an attribute and its disabled values (the first is written).",
  },
  OA_LDAP_DEPT_ATTRIBUTE: {
    status: 422,
    zh: "部门来自人员的属性（{attribute}）时，目录中没有部门条目可写，无法{what}：只能写入人员（部门名写在该属性中）。如需写入部门，请改用 OU 树作为部门来源。",
    en: "With departments taken from the people's attribute {attribute}, the directory has no department entries to write ({what}): only people are written, the department's name in that attribute. Use the OU tree as the departments' source to write departments.",
  },
} as const satisfies CodeTable;
