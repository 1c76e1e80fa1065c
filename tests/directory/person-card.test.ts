import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { signedIn, type AdminClient } from "../helpers/admin-client.ts";
import { oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, type PushWorld } from "../sync/to-welink/support.ts";

/**
 * A person's card after real OA → WeLink runs, in both languages: the history says the run, the
 * action and the fields like the run change log (labels, department paths), the binding history
 * says who bound whom and how.
 */
let w: PushWorld;
let client: AdminClient;
let card: string;

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");

beforeAll(async () => {
  w = await startPushWorld();
  welinkDept(w.rs.sb, "总部");
  const li = oaUser("U1", "李一", "DA", 1, { position: "工程师", mobile: "+86 138 0000 0001" });
  await putOa(w, [oaDept("D0", "总部", null), oaDept("DA", "研发部", "D0")], [li]);
  await pushSettings(w, { addNewPeople: true });
  expect((await push(w)).status).toBe("ok");
  await putOa(w, [oaDept("D0", "总部", null), oaDept("DA", "研发部", "D0")], [{ ...li, position: "架构师" }]);
  expect((await push(w)).status).toBe("ok");
  const userId = w.rs.sb.org.userByCorpId("U1")!.userId;
  client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  card = `/admin/directory/${w.corpId}/people/${encodeURIComponent(userId)}`;
}, 120_000);
afterAll(() => w?.close());

describe("a person's card after OA → WeLink runs", () => {
  test("in Chinese: run, action and fields in words, department paths, the reason, the binding by the rule", async () => {
    const t = text((await client.getText(card)).html);
    for (const s of ["推送 · 手动", "新增", "更新", "职位：工程师 → 架构师", "手机：+86-13800000001", "主部门：总部 / 研发部", "在 OA 中有修改。", "WeLink 中还没有。"]) expect(t).toContain(s);
    for (const s of ["绑定（绑定规则）", "OA 人员：李一（账号 acc-U1）"]) expect(t).toContain(s);
    for (const s of ["push · manual", "binding.create", "{", "mobileNumber", "Changed in the OA"]) expect(t).not.toContain(s);
  });

  test("in English: the same in English words", async () => {
    await client.get("/admin/lang/en");
    const t = text((await client.getText(card)).html);
    for (const s of ["push · manual", "added", "updated", "Position: 工程师 → 架构师", "Main department: 总部 / 研发部", "Changed in the OA.", "bound (the binding rule)", "OA person: 李一 (account acc-U1)"]) expect(t).toContain(s);
    for (const s of ["推送", "新增", "职位", "绑定规则", "在 OA 中"]) expect(t).not.toContain(s);
    await client.get("/admin/lang/zh-CN");
  });

  test("an admin's unbinding shows as unbound, naming the OA person; the API keeps its shape and adds the codes", async () => {
    expect((await client.post(`${card}/unbind`)).status).toBe(303);
    const t = text((await client.getText(card)).html);
    expect(t).toContain("解除绑定");
    expect(t.split("OA 人员：李一（账号 acc-U1）").length).toBe(3);
    const api = (await (await w.h.call("GET", `/api/v1/corps/${w.corpId}/welink/people/${encodeURIComponent(w.rs.sb.org.userByCorpId("U1")!.userId)}`, { tenant: "default" })).json()) as Record<string, unknown> & {
      changes: { reason: string; reasonCode: string }[]; bindingHistory: { action: string; oa: { account: string } | null }[];
    };
    expect(api.reasons).toBeUndefined();
    expect(api.changes.map((c) => [c.reasonCode, c.reason])).toEqual([["reason.user.changed", "Changed in the OA."], ["reason.notInWelink", "Not in WeLink yet."]]);
    expect(api.bindingHistory.map((e) => [e.action, e.oa?.account])).toEqual([["binding.delete", "acc-U1"], ["binding.create", "acc-U1"]]);
  });
});
