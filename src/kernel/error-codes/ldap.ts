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
} as const satisfies CodeTable;
