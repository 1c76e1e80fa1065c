import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import { T } from "../from-welink/support.ts";
import { welinkDept } from "../to-welink/support.ts";
import { direction, pullNow, startWbWorld, type WbWorld, welinkPerson, writeback } from "./support.ts";

/*
 * The write-back plan's tree is the OA after the write-back: departments and people the OA does
 * not have yet nest under the WeLink department they will be created in, not flat at the top
 * with the people under "(no OA department)".
 */

let world: WbWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

async function admin(w: WbWorld): Promise<AdminClient> {
  const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

/** The tree's `<li>` of the department named `name` (in bold), with everything nested in it. */
function deptLi(html: string, name: string): string {
  const tree = html.slice(html.indexOf('class="dept-tree"'));
  const at = tree.indexOf(`<strong>${name}</strong>`);
  expect(at).toBeGreaterThan(-1);
  const start = tree.lastIndexOf("<li>", at);
  const tags = /<li>|<\/li>/g;
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(tree); m; m = tags.exec(tree)) {
    depth += m[0] === "<li>" ? 1 : -1;
    if (depth === 0) return tree.slice(start, tags.lastIndex);
  }
  throw new Error(`unclosed <li> for ${name}`);
}

/** WeLink 树一级 > 树二级 > 树三级, one person in each; none of it in the OA. */
function seedThreeLevels(w: WbWorld) {
  const one = welinkDept(w.rs.sb, "树一级");
  const two = welinkDept(w.rs.sb, "树二级", one);
  const three = welinkDept(w.rs.sb, "树三级", two);
  for (const [name, dept] of [["树人一", one], ["树人二", two], ["树人三", three]] as const) welinkPerson(w.rs.sb, name, dept);
  return { one, two, three };
}

/** Each level holds the next and its own person; nothing is left "without an OA department". */
function expectNested(html: string) {
  const one = deptLi(html, "树一级");
  const two = deptLi(html, "树二级");
  const three = deptLi(html, "树三级");
  expect(one).toContain(two);
  expect(two).toContain(three);
  expect(one).toContain("树人一");
  expect(two).toContain("树人二");
  expect(two).not.toContain("树人一");
  expect(three).toContain("树人三");
  expect(three).not.toContain("树人二");
  for (const none of ["（没有 OA 部门）", "(no OA department)"]) expect(html).not.toContain(none);
}

describe("the write-back plan's tree", () => {
  test("departments and people new to the OA nest under their new WeLink departments, in 简体中文 and English, before and after the plan is written", async () => {
    const w = (world = await startWbWorld());
    expect((await direction(w, "to-oa")).status).toBe(200);
    const codes = seedThreeLevels(w);
    const run = await writeback(w, true);
    const client = await admin(w);
    const planPath = `/admin/directory/${w.corpId}/runs/${run.id}/plan`;

    const zh = (await client.getText(planPath)).html;
    expectNested(zh);
    expect(deptLi(zh, "树三级")).toContain("在 OA 新建");
    await client.get("/admin/lang/en");
    const en = (await client.getText(planPath)).html;
    expectNested(en);
    expect(deptLi(en, "树三级")).toContain("create in the OA");

    // A tree department's people as a list: the new department's own people only.
    const list = (await client.getText(`${planPath}?object=user&dept=${encodeURIComponent(`welink:${codes.three}`)}`)).html;
    expect(list).toContain("树人三");
    for (const other of ["树人一", "树人二"]) expect(list).not.toContain(other);

    // Written, the departments have OA ids; the plan still nests as it was made.
    expect((await w.h.call("POST", `/api/v1/sync-runs/${run.id}/writeback-apply?wait=true`, T)).status).toBe(200);
    expect(w.oa.org.users.some((u) => u.name === "树人三")).toBe(true);
    expectNested((await client.getText(planPath)).html);
  });

  test("a new department and its person sit under their existing OA parent, which stays keyed by its OA id", async () => {
    const w = (world = await startWbWorld());
    expect((await direction(w, "to-oa")).status).toBe(200);
    const codes = seedThreeLevels(w);
    expect((await writeback(w)).status).toBe("ok");
    const four = welinkDept(w.rs.sb, "树四级", codes.three);
    welinkPerson(w.rs.sb, "树人四", four);
    await pullNow(w);
    const run = await writeback(w, true);
    const client = await admin(w);
    const planPath = `/admin/directory/${w.corpId}/runs/${run.id}/plan`;
    const html = (await client.getText(planPath)).html;
    expectNested(html);
    const threeId = w.oa.org.depts.find((d) => d.name === "树三级")!.id;
    const three = deptLi(html, "树三级");
    const fourLi = deptLi(html, "树四级");
    expect(three).toContain(`<code>${threeId}</code>`);
    expect(three).toContain(fourLi);
    expect(fourLi).toContain("树人四");
    expect(fourLi).toContain("在 OA 新建");
    // Under the existing department by its OA id: its person and the new department, not the new one's person.
    const under = (await client.getText(`${planPath}?dept=${encodeURIComponent(threeId)}`)).html;
    for (const name of ["树人三", "树四级"]) expect(under).toContain(name);
    expect(under).not.toContain("树人四");
  });
});
