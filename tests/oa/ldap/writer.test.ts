import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "ldapts";
import type { OaDept, OaUser } from "../../../src/oa/contract.ts";
import { createLdapConnector } from "../../../src/oa/ldap/connector.ts";
import { LdapOaSettings } from "../../../src/oa/ldap/settings.ts";
import { createLdapWriter } from "../../../src/oa/ldap/writer.ts";
import { WRITE_DN } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { ldapSettings } from "./support.ts";

// The LDAP writer against a real slapd: the directory read and written is the `ou=写回` OU, which
// only the tree's writer account may write.
let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 50 });
});
afterAll(() => d?.stop());

const settings = (extra: Record<string, unknown> = {}, write: Record<string, unknown> = {}) =>
  LdapOaSettings.parse(ldapSettings(d, { baseDn: WRITE_DN, write: { ou: WRITE_DN, bindDn: d.writer.dn, ...write }, ...extra }));
const secrets = () => ({ bindPassword: d.reader.password, writeBindPassword: d.writer.password });
const oa = (s = settings()) => createLdapConnector(s, secrets(), LOCAL_NET);
const writer = (s = settings()) => oa(s).writer!;

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p);
  return out;
}
const depts = async () => new Map((await all<OaDept>(oa().listDepartments())).map((x) => [x.id, x]));
const people = async () => new Map((await all<OaUser>(oa().listUsers())).map((x) => [x.id, x]));

/** How many entries with this account the directory holds (read as root, under the whole suffix). */
async function countAccount(account: string): Promise<number> {
  const c = new Client({ url: d.url });
  try {
    await c.bind(d.root.dn, d.root.password);
    const { searchEntries } = await c.search("dc=example,dc=com", { filter: `(uid=${account.replace(/[*()\\]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)}`)})` });
    return searchEntries.length;
  } finally {
    await c.unbind();
  }
}

describe("the LDAP writer (WeLink → OA) against slapd", () => {
  test("says what it can write: everything with the OU tree and a disabled mark; no writer without write settings", () => {
    expect([...writer().capabilities].sort()).toEqual(["createDept", "createUser", "disableDept", "disableUser", "updateDept", "updateUser"]);
    const { write: _w, ...readOnly } = settings();
    expect(createLdapConnector(LdapOaSettings.parse(readOnly), secrets(), LOCAL_NET).writer).toBeUndefined();
    const noMark = settings({ mapping: { disabled: { by: "none" } } });
    expect(writer(noMark).capabilities.has("disableUser")).toBe(false);
    const byAttribute = settings({ departments: { from: "attribute", attribute: "departmentNumber" } });
    expect([...writer(byAttribute).capabilities].sort()).toEqual(["createUser", "disableUser", "updateUser"]);
  });

  test("creates departments and people with Chinese and escaped names; the reader sees them with the directory's ids", async () => {
    const w = writer();
    const top = await w.createDept("k1", { name: "写回总部", parentId: null, order: 0 });
    const odd = await w.createDept("k2", { name: '#1 R+D, "一部" \\ <a>;b=c', parentId: top.id, order: 1 });
    const cnWriter = writer(settings({}, { rdn: "cn" }));
    const wang = await w.createUser("k3", { account: "wang.xiaoming", name: "王小明", mobile: "13900000001", email: "wang@example.com", employeeNo: "E1", position: "工程师", mainDeptId: odd.id });
    const odd2 = await cnWriter.createUser("k4", { account: "li.si", name: '李, 四 + "五" \\', mainDeptId: odd.id });
    const ds = await depts();
    expect(ds.get(top.id)).toMatchObject({ name: "写回总部", parentId: null });
    expect(ds.get(odd.id)).toMatchObject({ name: '#1 R+D, "一部" \\ <a>;b=c', parentId: top.id });
    expect(top.id).toMatch(/^[0-9a-f-]{36}$/);
    const ps = await people();
    expect(ps.get(wang.id)).toMatchObject({ account: "wang.xiaoming", name: "王小明", mobile: "13900000001", email: "wang@example.com", employeeNo: "E1", position: "工程师", mainDeptId: odd.id, active: true });
    expect(ps.get(odd2.id)).toMatchObject({ account: "li.si", name: '李, 四 + "五" \\', mainDeptId: odd.id });
  });

  test("the same key twice writes one entry and answers the same id, as after a crash between the write and the journal", async () => {
    const w = writer();
    const dept = await w.createDept("k10", { name: "重复部", parentId: null, order: 0 });
    expect((await w.createDept("k10", { name: "重复部", parentId: null, order: 0 })).id).toBe(dept.id);
    const u = { account: "twice", name: "两次", mainDeptId: dept.id };
    const first = await w.createUser("k11", u);
    expect((await w.createUser("k11", u)).id).toBe(first.id);
    expect(await countAccount("twice")).toBe(1);
    // cn-named people too: the repeat finds the first entry by its account.
    const cnWriter = writer(settings({}, { rdn: "cn" }));
    const cn = await cnWriter.createUser("k12", { account: "cn.twice", name: "同名", mainDeptId: dept.id });
    expect((await cnWriter.createUser("k12", { account: "cn.twice", name: "同名", mainDeptId: dept.id })).id).toBe(cn.id);
    // A namesake in the same OU is named "<name> (<account>)" rather than refused.
    const namesake = await cnWriter.createUser("k13", { account: "cn.other", name: "同名", mainDeptId: dept.id });
    expect(namesake.id).not.toBe(cn.id);
    expect((await people()).get(namesake.id)).toMatchObject({ account: "cn.other", mainDeptId: dept.id });
    expect(await countAccount("cn.twice")).toBe(1);
  });

  test("an account already used elsewhere is refused, not duplicated; filter metacharacters in an account are only text", async () => {
    const w = writer();
    const a = await w.createDept("k20", { name: "甲部", parentId: null, order: 0 });
    const b = await w.createDept("k21", { name: "乙部", parentId: null, order: 0 });
    await w.createUser("k22", { account: "taken", name: "占用", mainDeptId: a.id });
    await expect(w.createUser("k23", { account: "taken", name: "别人", mainDeptId: b.id })).rejects.toMatchObject({ code: "OA_LDAP_ACCOUNT_TAKEN" });
    const sly = await w.createUser("k24", { account: "x*)(uid=*", name: "注入", mainDeptId: b.id });
    expect((await w.createUser("k24", { account: "x*)(uid=*", name: "注入", mainDeptId: b.id })).id).toBe(sly.id);
    expect((await people()).get(sly.id)).toMatchObject({ account: "x*)(uid=*" });
    expect(await countAccount("x*)(uid=*")).toBe(1);
  });

  test("another person at the very DN a create names (same account, other values) is refused, never answered as the create's own entry", async () => {
    const w = writer();
    const dept = await w.createDept("k25", { name: "同号部", parentId: null, order: 0 });
    const first = { account: "same.dn", name: "同号", mobile: "13900000025", email: "first@example.com", mainDeptId: dept.id };
    const own = await w.createUser("k26", first);
    // The repeat of the same write (a crash lost its answer) is still its own entry.
    expect((await w.createUser("k26", first)).id).toBe(own.id);
    // A second WeLink person with the same employee number lands on uid=same.dn in the same OU: not theirs.
    await expect(w.createUser("k27", { ...first, email: "second@example.com", mobile: "13900000026" })).rejects.toMatchObject({ code: "OA_LDAP_ACCOUNT_TAKEN" });
    await expect(w.createUser("k28", { account: "same.dn", name: "别人", mainDeptId: dept.id })).rejects.toMatchObject({ code: "OA_LDAP_ACCOUNT_TAKEN" });
    expect(await countAccount("same.dn")).toBe(1);
    expect((await people()).get(own.id)).toMatchObject({ name: "同号", email: "first@example.com" });
    // cn-named: a namesake with the same account at cn=<name> is someone else too.
    const cnWriter = writer(settings({}, { rdn: "cn" }));
    const cn = await cnWriter.createUser("k29", { account: "cn.same", name: "同名同号", email: "one@example.com", mainDeptId: dept.id });
    expect((await cnWriter.createUser("k29", { account: "cn.same", name: "同名同号", email: "one@example.com", mainDeptId: dept.id })).id).toBe(cn.id);
    await expect(cnWriter.createUser("k2a", { account: "cn.same", name: "同名同号", email: "two@example.com", mainDeptId: dept.id })).rejects.toMatchObject({ code: "OA_LDAP_ACCOUNT_TAKEN" });
    expect(await countAccount("cn.same")).toBe(1);
  });

  test("updates rename and move departments and people; a repeated update changes nothing more", async () => {
    const w = writer();
    const hq = await w.createDept("k30", { name: "移动总部", parentId: null, order: 0 });
    const from = await w.createDept("k31", { name: "旧名部", parentId: hq.id, order: 0 });
    const to = await w.createDept("k32", { name: "目标部", parentId: null, order: 0 });
    const u = await w.createUser("k33", { account: "mover", name: "搬家", mainDeptId: from.id });
    await w.updateDept("k34", from.id, { name: "新名, 部" });
    await w.updateDept("k35", to.id, { parentId: hq.id });
    await w.updateUser("k36", u.id, { name: "搬家了", position: "经理", mobile: "13900000009", mainDeptId: to.id });
    await w.updateUser("k36", u.id, { name: "搬家了", position: "经理", mobile: "13900000009", mainDeptId: to.id });
    await w.updateDept("k35", to.id, { parentId: hq.id });
    const ds = await depts();
    expect(ds.get(from.id)).toMatchObject({ name: "新名, 部", parentId: hq.id });
    expect(ds.get(to.id)).toMatchObject({ name: "目标部", parentId: hq.id });
    expect((await people()).get(u.id)).toMatchObject({ name: "搬家了", position: "经理", mobile: "13900000009", mainDeptId: to.id, active: true });
    // cn-named: a new name renames the entry.
    const cnWriter = writer(settings({}, { rdn: "cn" }));
    const c = await cnWriter.createUser("k37", { account: "renamed.cn", name: "旧名", mainDeptId: to.id });
    await cnWriter.updateUser("k38", c.id, { name: "新名 + 号", mainDeptId: from.id });
    expect((await people()).get(c.id)).toMatchObject({ name: "新名 + 号", mainDeptId: from.id });
  });

  test("disabling: a person gets the disabled mark; a department is deleted only when empty, and twice is fine", async () => {
    const w = writer();
    const dept = await w.createDept("k40", { name: "将撤部", parentId: null, order: 0 });
    const u = await w.createUser("k41", { account: "leaver", name: "离开", mainDeptId: dept.id });
    await w.disableUser("k42", u.id);
    await w.disableUser("k42", u.id);
    expect((await people()).get(u.id)).toMatchObject({ active: false });
    await expect(w.disableDept("k43", dept.id)).rejects.toMatchObject({ code: "OA_LDAP_DEPT_NOT_EMPTY" });
    const empty = await w.createDept("k44", { name: "空部", parentId: null, order: 0 });
    await w.disableDept("k45", empty.id);
    await w.disableDept("k45", empty.id);
    expect((await depts()).has(empty.id)).toBe(false);
    await expect(writer(settings({ mapping: { disabled: { by: "none" } } })).disableUser("k46", u.id)).rejects.toMatchObject({ code: "OA_LDAP_NO_DISABLE" });
  });

  test("people only with departments from an attribute: the department's name is written in it", async () => {
    const s = settings({ departments: { from: "attribute", attribute: "departmentNumber" } });
    const w = writer(s);
    await expect(w.createDept("k50", { name: "x", parentId: null, order: 0 })).rejects.toMatchObject({ code: "OA_LDAP_DEPT_ATTRIBUTE" });
    const u = await w.createUser("k51", { account: "attr.dept", name: "属性部门", mainDeptId: "市场部" });
    await w.updateUser("k52", u.id, { mainDeptId: "销售部" });
    const got = (await all<OaUser>(createLdapConnector(s, secrets(), LOCAL_NET).listUsers())).find((x) => x.id === u.id);
    expect(got).toMatchObject({ mainDeptId: "销售部" });
  });

  test("failures are named: a reader account may not write, a schema refuses, no write settings, no write password", async () => {
    const readerWrites = writer(settings({}, { bindDn: undefined }));
    const denied = await readerWrites.createDept("k60", { name: "无权", parentId: null, order: 0 }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: "OA_LDAP_WRITE_ACCESS", params: { bindDn: d.reader.dn } });
    expect((denied as Error).message).toContain("LDAP result 50");
    const wrongClass = writer(settings({}, { objectClasses: ["organizationalPerson"] }));
    await expect(wrongClass.createUser("k61", { account: "badclass", name: "错类" })).rejects.toMatchObject({ code: "OA_LDAP_OBJECT_CLASS" });
    const { write: _w, ...readOnly } = settings();
    await expect(createLdapWriter(LdapOaSettings.parse(readOnly), secrets(), LOCAL_NET).createUser("k62", { account: "x", name: "x" })).rejects.toMatchObject({ code: "OA_LDAP_NO_WRITE" });
    await expect(createLdapWriter(settings(), { bindPassword: d.reader.password }, LOCAL_NET).createUser("k63", { account: "x", name: "x" })).rejects.toMatchObject({ code: "OA_LDAP_NO_WRITE", params: { variant: "password" } });
    await expect(writer().updateUser("k64", "00000000-0000-0000-0000-000000000000", { name: "x" })).rejects.toMatchObject({ code: "OA_LDAP_NOT_FOUND" });
  });

  test("the write OU must sit at or under the base DN", () => {
    const bad = LdapOaSettings.safeParse(ldapSettings(d, { write: { ou: "ou=elsewhere,dc=example,dc=com" } }));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["write", "ou"]);
  });
});
