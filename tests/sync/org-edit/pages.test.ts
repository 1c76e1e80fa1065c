import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createUser } from "../../../src/sandbox/welink/user-ops.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { pull } from "../from-welink/support.ts";
import { asPull, startPushWorld, welinkDept, type PushWorld } from "../to-welink/support.ts";

/**
 * The organisation edit pages in both languages: links only on a read-write corp, the read-only
 * refusal in words, a department with people refused with the seed FAQ's reason, and a removal
 * that shows its plan on a confirm page before anything reaches WeLink.
 */
let w: PushWorld;
/** A read-only corp of the same tenant. */
let roCorp: string;
let client: AdminClient;
let sales: string;
let person: string;

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, " ");
const dir = (world: PushWorld | string) => `/admin/directory/${typeof world === "string" ? world : world.corpId}`;

beforeAll(async () => {
  w = await startPushWorld();
  const hq = welinkDept(w.rs.sb, "总部");
  sales = welinkDept(w.rs.sb, "销售部", hq);
  const made = createUser(w.rs.sb, { userNameCn: "王五", mobileNumber: "+86-13900000005", deptCodes: [sales], mainDeptCode: sales });
  if (!made.ok) throw new Error(made.error.message);
  person = made.value.userId;
  await pull(asPull(w));
  const made2 = await w.h.call("POST", "/api/v1/corps", { tenant: "default", body: { name: "只读企业甲", welinkTenantId: "ro-tenant", apiBaseUrl: w.rs.baseUrl, contactPermission: "read-only" } });
  roCorp = ((await made2.json()) as { id: string }).id;
  client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
}, 60_000);
afterAll(() => w?.close());

describe("organisation edit pages", () => {
  test("a read-write corp's directory links to the edit pages; the forms are in Chinese, then English", async () => {
    const page = await client.getText(`${dir(w)}?parent=${w.rs.sb.org.depts.get(sales)!.parentCode}`);
    expect(page.html).toContain(`${dir(w)}/edit/dept/${sales}`);
    expect(page.html).toContain(`${dir(w)}/edit/dept/new?parent=`);
    const form = text((await client.getText(`${dir(w)}/edit/dept/${sales}`)).html);
    for (const s of ["修改部门", "上级部门", "保存到 WeLink", "删除这个部门…", "如果部门下有用户，不能直接删除"]) expect(form).toContain(s);
    await client.get("/admin/lang/en");
    const en = text((await client.getText(`${dir(w)}/edit/person/${encodeURIComponent(person)}`)).html);
    for (const s of ["Edit person", "Main department", "Disable this person…", "Delete this person…"]) expect(en).toContain(s);
    await client.get("/admin/lang/zh-CN");
  });

  test("a department with people is refused with the seed FAQ's reason, in both languages, and nothing is sent", async () => {
    const zh = await client.post(`${dir(w)}/edit`, { op: "deleteDept", deptCode: sales });
    expect(zh.status).toBe(409);
    expect(text(await zh.text())).toContain("部门「销售部」下还有 1 个人员、0 个子部门，不能删除：如果部门下有用户，不能直接删除，需要先删除用户后再删除部门");
    await client.get("/admin/lang/en");
    const en = await client.post(`${dir(w)}/edit`, { op: "deleteDept", deptCode: sales });
    expect(text(await en.text())).toContain("WeLink does not delete a department with people in it");
    await client.get("/admin/lang/zh-CN");
    expect(w.rs.sb.org.depts.has(sales)).toBe(true);
  });

  test("a removal shows its plan on a confirm page first, then runs once confirmed", async () => {
    const confirm = await client.post(`${dir(w)}/edit`, { op: "removeUser", mode: "close", userId: person });
    expect(confirm.status).toBe(200);
    const shown = text(await confirm.text());
    for (const s of ["确认：停用「王五」", "这一步无法撤销", "人员", "移除", "王五", "在桥接服务中停用"]) expect(shown).toContain(s);
    expect(w.rs.sb.org.users.get(person)?.userStatus).not.toBe(4);
    const done = await client.post(`${dir(w)}/edit`, { op: "removeUser", mode: "close", userId: person, confirm: "1" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${dir(w)}?done=orgEdited`);
    expect(w.rs.sb.org.users.get(person)?.userStatus).toBe(4);
    expect(text((await client.getText(done.headers.get("location")!)).html)).toContain("已写入 WeLink，本地通讯录已更新。");
  });

  test("the edit is in the corp's run history as an organisation edit, with its change and reason in words", async () => {
    const runs = text((await client.getText(`${dir(w)}/runs`)).html);
    expect(runs).toContain("组织修改");
    const [run] = await w.h.deps.database.client.execute({ sql: "SELECT id FROM sync_runs WHERE corp_id = ? AND kind = 'edit'", args: [w.corpId] }).then((r) => r.rows);
    const detail = text((await client.getText(`${dir(w)}/runs/${String(run!.id)}`)).html);
    expect(detail).toContain("admin 在桥接服务中停用（关闭账号，可在 WeLink 中恢复）。");
  });

  test("bad input is shown on the form, field by field", async () => {
    const res = await client.post(`${dir(w)}/edit`, { op: "createUser", name: "钱八", mobile: "abc", deptCode: sales });
    expect(res.status).toBe(422);
    expect(text(await res.text())).toContain("请填写手机号：数字，可带开头的 + 和短横线。");
  });

  test("a read-only corp has no edit links, says why, and refuses the edit pages in words", async () => {
    const page = text((await client.getText(dir(roCorp))).html);
    expect(page).toContain("只读企业");
    expect(page).toContain("它的组织架构只能在这里绑定，不能修改");
    expect((await client.getText(dir(roCorp))).html).not.toContain("/edit/");
    const refused = await client.getText(`${dir(roCorp)}/edit/dept/new`);
    expect(refused.status).toBe(409);
    expect(text(refused.html)).toContain("只能在这里绑定，不能修改");
    const post = await client.post(`${dir(roCorp)}/edit`, { op: "createDept", name: "新部门", parentCode: "0" });
    expect(post.status).toBe(409);
    await client.get("/admin/lang/en");
    expect(text((await client.getText(`${dir(roCorp)}/edit/dept/new`)).html)).toContain("its organisation can be bound here but not edited");
    await client.get("/admin/lang/zh-CN");
  });
});
