/** What a connection test found, in words (see report.ts): one sentence put together from these parts. */
export const zh = {
  "report.http": "{auth}，读取了部门第一页（{departments}）和人员第一页（{people}）；{check}",
  "report.ldap": "已以 {bindDn} 的身份绑定目录，读取了部门第一页（{departments}）和人员第一页（{people}）；员工用 OA 密码绑定时，按属性 {account} 找到本人后以其身份验证密码。",
  "report.csv": "CSV 通讯录：目前已导入 {departments} 个部门、{people} 名人员。",
  "report.auth.none": "未使用认证",
  "report.auth.bearer": "已用 Bearer 令牌登录",
  "report.auth.basic": "已以 {name} 的身份用 Basic 认证登录",
  "report.auth.header": "已用请求头 {name} 登录",
  "report.sample": "{n} 条，例如“{example}”",
  "report.empty": "没有数据：请检查接口路径、查询参数和列表在应答中的路径",
  "report.check.set": "已设置密码校验接口 {path}（未实际调用）",
  "report.check.unset": "未设置密码校验接口",
  "report.sql": "已以用户 {user} 登录 {database}，在只读事务中读取了部门查询的第一页（{departments}）和人员查询的第一页（{people}）；此数据源不校验 OA 密码",
  "report.sqlEmpty": "没有数据：请检查查询条件",
} as const;

export const en = {
  "report.http": "{auth} and read the first page of departments ({departments}) and of people ({people}); {check}",
  "report.ldap": "bound to the directory as {bindDn} and read the first page of departments ({departments}) and of people ({people}); a person's OA password is checked by finding them by {account} and binding as them.",
  "report.csv": "CSV directory: {departments} departments and {people} people imported so far.",
  "report.auth.none": "used no authentication",
  "report.auth.bearer": "signed in with a bearer token",
  "report.auth.basic": "signed in with basic authentication as {name}",
  "report.auth.header": "signed in with the header {name}",
  "report.sample": "{n}, e.g. \"{example}\"",
  "report.empty": "none: check the path, query and itemsPath",
  "report.check.set": "the password check at {path} is set (not tried)",
  "report.check.unset": "no password check is set",
  "report.sql": "signed in to {database} as {user} and read, in a read-only transaction, the first page of the departments query ({departments}) and of the people query ({people}); this source does not check OA passwords",
  "report.sqlEmpty": "no rows: check the query's conditions",
} satisfies Record<keyof typeof zh, string>;
