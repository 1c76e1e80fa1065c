import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import type { RunView } from "../../../src/sync/run-view.ts";
import { oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, type PushWorld } from "./support.ts";

/**
 * A push run with failures as the admin reads it, in both languages: WeLink refuses the new
 * department (47004), its person waits with it, one mobile cannot be sent, one position changed.
 */
let w: PushWorld;
let client: AdminClient;
let run: RunView;
let base: string;

/** The visible text, without WeLink's raw answers (small print that may be in any language). */
const text = (html: string) =>
  html.replace(/<small class="muted raw"[\s\S]*?<\/small>/g, "").replace(/<[^>]+>/g, "").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");

beforeAll(async () => {
  w = await startPushWorld();
  welinkDept(w.rs.sb, "总部");
  const people = [oaUser("U1", "李一", "D0", 1, { position: "工程师" }), oaUser("U2", "钱二", "DB", 2), oaUser("U3", "王三", "D0", 3, { mobile: "0755-88888888" })];
  await putOa(w, [oaDept("D0", "总部", null)], [people[0]!]);
  await pushSettings(w, { addNewPeople: true });
  expect((await push(w)).status).toBe("ok");
  await putOa(w, [oaDept("D0", "总部", null), oaDept("DB", "销售部", "D0")], [{ ...people[0]!, position: "架构师" }, people[1]!, people[2]!]);
  w.rs.sb.faults.errorRates = { "/api/contact/v1/department/create": { rate: 1, code: "47004" } };
  run = await push(w);
  client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  base = `/admin/directory/${w.corpId}/runs/${run.id}/plan`;
}, 120_000);
afterAll(() => w?.close());

describe("a push run with failures, on its plan page", () => {
  test("the run is partial in the API, with WeLink's code on the failed items", async () => {
    expect(run.status).toBe("partial");
    const res = await w.h.call("GET", `/api/v1/sync-runs/${run.id}/plan?limit=50`, { tenant: "default" });
    const body = (await res.json()) as { items: { name: string; state: string; errorCode: string | null; reasonCode: string | null }[] };
    expect(body.items.filter((i) => i.state !== "skipped").map((i) => [i.name, i.state, i.errorCode])).toEqual([
      ["销售部", "set_aside", "47004"], ["李一", "done", null], ["王三", "invalid", null], ["钱二", "set_aside", "DEPT_NOT_WRITTEN"],
    ]);
    expect(body.items.find((i) => i.name === "王三")?.reasonCode).toBe("invalid");
  });

  test("in Chinese: 部分失败, failures first with WeLink's reason in words, labelled changes, no English sentence, no 同步已开始", async () => {
    const html = (await client.getText(`${base}?done=started`)).html;
    const t = text(html);
    for (const s of ["部分失败", "失败或无法发送的条目（3）", "有值的格式不被 WeLink 接受。", "所在部门没有写入 WeLink", "手机“0755-88888888”没有国家码", "职位：工程师 → 架构师", "同步已结束。"]) expect(t).toContain(s);
    expect(t.indexOf("失败或无法发送的条目")).toBeLessThan(t.indexOf("OA 组织架构"));
    for (const s of ["同步已开始", "Changed in the OA.", "Not in WeLink yet.", "cannot be sent", "set aside"]) expect(t).not.toContain(s);
    // The tree marks them too.
    expect(html.match(/data-state="(set_aside|invalid)"/g)?.length).toBe(3);
  });

  test("in English: completed with failures, the same items in English words, no Chinese sentence", async () => {
    await client.get("/admin/lang/en");
    const t = text((await client.getText(base)).html);
    for (const s of ["completed with failures", "Failed or unsendable items (3)", "A value is in a form WeLink does not accept.", "Mobile '0755-88888888' has no country code", "Position: 工程师 → 架构师"]) expect(t).toContain(s);
    for (const s of ["有值的格式", "在 OA 中有修改", "WeLink 中还没有", "无法发送", "已搁置"]) expect(t).not.toContain(s);
    await client.get("/admin/lang/zh-CN");
  });

  test("the list filters by state and by text, 50 a page", async () => {
    const invalid = text((await client.getText(`${base}?state=invalid`)).html);
    expect(invalid).toContain("王三");
    expect(invalid.split("李一").length).toBe(1);
    const byName = text((await client.getText(`${base}?q=${encodeURIComponent("钱")}`)).html);
    expect(byName).toContain("钱二");
    expect(byName).not.toContain("李一");
  });
});
