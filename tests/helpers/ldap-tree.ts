/**
 * A seeded, generated directory as LDIF for slapadd: Chinese OUs, people (some disabled), DNs
 * with escaped characters, an AD-shaped OU described by a small test schema (slapd.ts), and
 * service accounts. Pure: the same seed gives the same tree, and the facts tests check against.
 */
export const SUFFIX = "dc=example,dc=com";
export const BASE_DN = `ou=示例科技,${SUFFIX}`;
export const AD_DN = `ou=AD,${SUFFIX}`;
export const WRITE_DN = `ou=写回,${SUFFIX}`;
/** Groups (groupOfNames / member) apart from the people, for departments from groups. */
export const GROUPS_DN = `ou=群组,${SUFFIX}`;
export const READER = { dn: `cn=reader,ou=services,${SUFFIX}`, password: "reader-secret-1" };
export const WRITER = { dn: `cn=writer,ou=services,${SUFFIX}`, password: "writer-secret-1" };

/** The OU tree under BASE_DN: top-level centres, each with its departments. */
export const OUS: Record<string, string[]> = {
  研发中心: ["北京研发部", "上海研发部", "深圳研发部"],
  销售中心: ["华北销售部", "华南销售部"],
  职能部门: ["人力资源部", "财务部"],
};
const AD_OUS = ["Engineering", "Sales"];

/** People whose RDN needs escaping (comma, plus, quotes), each with its uid and department. */
export const ESCAPED = [
  { cn: "王, 小明", uid: "escaped.comma", ou: "北京研发部" },
  { cn: "R+D 李四", uid: "escaped.plus", ou: "上海研发部" },
  { cn: '"引号" 张三', uid: "escaped.quote", ou: "财务部" },
];

export type TreeFacts = {
  people: number;
  disabled: string[];
  /** uid → department name, for everyone under BASE_DN. */
  deptOf: Map<string, string>;
  ad: { people: number; disabled: string[]; guidOf: Map<string, string> };
};

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂".split("");

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4514 escaping of one RDN value (for the generated DNs only). */
export function escapeRdnValue(v: string): string {
  return v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, "\\ ");
}

/** One LDIF line; values that are not plain ASCII go base64 (RFC 2849 SAFE-STRING). */
function line(attr: string, value: string | Buffer): string {
  if (Buffer.isBuffer(value)) return `${attr}:: ${value.toString("base64")}`;
  const safe = /^[\x01-\x09\x0b-\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b-\x0c\x0e-\x7f]*$/.test(value);
  return safe ? `${attr}: ${value}` : `${attr}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}

type Attrs = [string, string | Buffer][];
const entry = (dn: string, attrs: Attrs) => [line("dn", dn), ...attrs.map(([a, v]) => line(a, v))].join("\n") + "\n\n";
const ou = (name: string, parent: string, extra: Attrs = []): [string, string] => {
  const dn = `ou=${escapeRdnValue(name)},${parent}`;
  return [dn, entry(dn, [["objectClass", "organizationalUnit"], ...extra, ["ou", name]])];
};

/** A GUID as AD stores it: 16 bytes, the first three groups little-endian. */
export function guidBytes(r: () => number): { bytes: Buffer; text: string } {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(r() * 256);
  const hex = (b: Buffer) => b.toString("hex");
  const le = (s: number, e: number) => hex(Buffer.from(bytes.subarray(s, e)).reverse());
  const text = `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
  return { bytes, text };
}

/** The LDIF of the whole tree (streamed in chunks so a 100k tree never sits in one string) and its facts. */
export function* treeLdif(people: number, seed = 17, facts?: TreeFacts): Generator<string> {
  const r = rng(seed);
  const f: TreeFacts = facts ?? { people: 0, disabled: [], deptOf: new Map(), ad: { people: 0, disabled: [], guidOf: new Map() } };
  yield entry(SUFFIX, [["objectClass", "dcObject"], ["objectClass", "organization"], ["dc", "example"], ["o", "示例"]]);
  yield ou("services", SUFFIX)[1];
  for (const acct of [READER, WRITER]) {
    yield entry(acct.dn, [["objectClass", "organizationalRole"], ["objectClass", "simpleSecurityObject"], ["cn", acct.dn.slice(3, acct.dn.indexOf(","))], ["userPassword", acct.password]]);
  }
  yield ou("示例科技", SUFFIX)[1];
  const leaves: [string, string][] = [];
  for (const [centre, depts] of Object.entries(OUS)) {
    const [cdn, text] = ou(centre, BASE_DN);
    yield text;
    for (const d of depts) {
      const [ddn, dtext] = ou(d, cdn);
      yield dtext;
      leaves.push([d, ddn]);
    }
  }
  const inGroups = new Set(Object.values(GROUPS).flatMap((g) => g.people));
  const dnOf = new Map<string, string>();
  const person = (uid: string, cn: string, dept: string, deptDn: string, i: number, rdn: "uid" | "cn") => {
    const disabled = i % 50 === 7;
    if (disabled) f.disabled.push(uid);
    f.people++;
    f.deptOf.set(uid, dept);
    const dn = `${rdn}=${escapeRdnValue(rdn === "uid" ? uid : cn)},${deptDn}`;
    if (inGroups.has(uid)) dnOf.set(uid, dn);
    return entry(dn, [
      ["objectClass", "inetOrgPerson"], ["uid", uid], ["cn", cn], ["sn", cn.slice(0, 1)], ["displayName", cn],
      ["mail", `${uid}@example.com`], ["mobile", `138${String(10_000_000 + i).slice(-8)}`], ["employeeNumber", `E${String(i).padStart(6, "0")}`],
      ["title", i % 10 === 0 ? "经理" : "工程师"], ["userPassword", `pw-${uid}`],
      ...(disabled ? ([["employeeType", "disabled"]] as Attrs) : []),
    ]);
  };
  let chunk = "";
  for (let i = 0; i < people; i++) {
    const [dept, ddn] = leaves[Math.floor(r() * leaves.length)]!;
    const name = `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${GIVEN[Math.floor(r() * GIVEN.length)]}${GIVEN[Math.floor(r() * GIVEN.length)]}`;
    chunk += person(`u${String(i).padStart(6, "0")}`, `${name}${i}`, dept, ddn, i, "uid");
    if (chunk.length > 1 << 20) (yield chunk, (chunk = ""));
  }
  yield chunk;
  for (const [k, e] of ESCAPED.entries()) {
    const leaf = leaves.find(([d]) => d === e.ou)!;
    yield person(e.uid, e.cn, e.ou, leaf[1], people + k, "cn");
  }
  yield* adOu(r, f);
  yield ou("写回", SUFFIX)[1];
  yield* groupsOu(dnOf);
}

/**
 * The groups under GROUPS_DN, added in this order (the directory lists them so).
 * 全体员工 holds two groups (nesting); u000005 and escaped.comma are in two groups; 项目甲 and
 * 项目乙 hold each other (a cycle the connector must survive).
 */
export const GROUPS: Record<string, { people: string[]; groups: string[] }> = {
  技术委员会: { people: ["u000000", "u000001", "u000002", "u000003", "u000004", "u000005", "escaped.comma"], groups: [] },
  销售团队: { people: ["u000005", "u000010", "u000011", "u000012", "escaped.comma"], groups: [] },
  全体员工: { people: ["u000020"], groups: ["技术委员会", "销售团队"] },
  项目甲: { people: ["u000021"], groups: ["项目乙"] },
  项目乙: { people: ["u000022"], groups: ["项目甲"] },
};
export const groupDn = (name: string) => `cn=${escapeRdnValue(name)},${GROUPS_DN}`;

function* groupsOu(dnOf: Map<string, string>): Generator<string> {
  yield ou("群组", SUFFIX)[1];
  for (const [name, g] of Object.entries(GROUPS)) {
    const members = [...g.people.flatMap((uid) => dnOf.get(uid) ?? []), ...g.groups.map(groupDn)];
    yield entry(groupDn(name), [["objectClass", "groupOfNames"], ["cn", name], ...members.map((m): [string, string] => ["member", m])]);
  }
}

function* adOu(r: () => number, f: TreeFacts): Generator<string> {
  yield ou("AD", SUFFIX)[1];
  for (const [k, name] of AD_OUS.entries()) {
    const [dn, text] = ou(name, AD_DN, [["objectClass", "adObject"], ["objectGUID", guidBytes(r).bytes]]);
    yield text;
    for (let i = 0; i < 20; i++) {
      const sam = `${name.toLowerCase()}${i}`;
      const g = guidBytes(r);
      const disabled = i % 7 === 3;
      f.ad.people++;
      f.ad.guidOf.set(sam, g.text);
      if (disabled) f.ad.disabled.push(sam);
      yield entry(`cn=${escapeRdnValue(`${name} User ${i}`)},${dn}`, [
        ["objectClass", "inetOrgPerson"], ["objectClass", "adObject"], ["cn", `${name} User ${i}`], ["sn", "User"],
        ["displayName", `${name} 用户 ${i}`], ["objectGUID", g.bytes], ["sAMAccountName", sam], ["userPrincipalName", `${sam}@corp.example.com`],
        ["employeeID", `AD${k}${String(i).padStart(3, "0")}`], ["userAccountControl", String(disabled ? 514 : 512)],
        ["whenChanged", "20260101000000.0Z"], ["department", name], ["mail", `${sam}@corp.example.com`], ["userPassword", `pw-${sam}`],
      ]);
    }
  }
}

/** Where the password policy sits (with `startSlapd({ ppolicy })`): outside BASE_DN, so no refresh sees it. */
export const POLICY_DN = `cn=default,ou=policies,${SUFFIX}`;

/** The default password policy for the ppolicy overlay: lock after `maxFailure` wrong binds (0 s: until an admin unlocks). */
export function* policyLdif(p: { maxFailure: number; lockoutSeconds?: number }): Generator<string> {
  yield ou("policies", SUFFIX)[1];
  yield entry(POLICY_DN, [
    ["objectClass", "organizationalRole"], ["objectClass", "pwdPolicy"], ["cn", "default"], ["pwdAttribute", "userPassword"],
    ["pwdLockout", "TRUE"], ["pwdMaxFailure", String(p.maxFailure)], ["pwdLockoutDuration", String(p.lockoutSeconds ?? 0)], ["pwdFailureCountInterval", "0"],
  ]);
}
