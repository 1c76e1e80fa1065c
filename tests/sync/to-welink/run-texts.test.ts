import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import type { RunView } from "../../../src/sync/run-view.ts";
import { rows } from "../from-welink/support.ts";
import { asPull, oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, type PushWorld } from "./support.ts";

/**
 * What OA → WeLink runs say, on their pages, in both languages: a run with items set aside
 * (WeLink refuses a new department; its person waits with it), a failed run (WeLink refuses the
 * token), a run a guard held (a removal over a breaker of none). Stored as codes; the API keeps English.
 */
let w: PushWorld;
let client: AdminClient;
const runs: Record<"partial" | "failed" | "held", RunView> = {} as never;

const text = (html: string) =>
  html.replace(/<small class="muted raw"[\s\S]*?<\/small>/g, "").replace(/<[^>]+>/g, " ").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
const page = async (run: RunView, plan = false) => text((await client.getText(`/admin/directory/${w.corpId}/runs/${run.id}${plan ? "/plan" : ""}`)).html);

beforeAll(async () => {
  w = await startPushWorld();
  welinkDept(w.rs.sb, "总部");
  const li = oaUser("U1", "李一", "D0", 1, { position: "工程师" });
  await putOa(w, [oaDept("D0", "总部", null)], [li]);
  await pushSettings(w, { addNewPeople: true });
  expect((await push(w)).status).toBe("ok");
  await putOa(w, [oaDept("D0", "总部", null), oaDept("DB", "销售部", "D0")], [{ ...li, position: "架构师" }, oaUser("U2", "钱二", "DB", 2)]);
  w.rs.sb.faults.errorRates = { "/api/contact/v1/department/create": { rate: 1, code: "47004" } };
  runs.partial = await push(w);
  await putOa(w, [oaDept("D0", "总部", null)], [{ ...li, position: "总监" }]);
  w.rs.sb.faults.errorRates = { "/api/contact/v1/user/update": { rate: 1, code: "58401" } };
  // A failed run rejects; the run is read back as the API gives it.
  expect(await push(w).catch((e: Error) => e.name)).toBe("WelinkError");
  const [last] = await rows(asPull(w), "SELECT id FROM sync_runs WHERE kind = 'push' ORDER BY started_at DESC, rowid DESC LIMIT 1");
  runs.failed = (await (await w.h.call("GET", `/api/v1/sync-runs/${String(last!.id)}`, { tenant: "default" })).json()) as RunView;
  w.rs.sb.faults.errorRates = {};
  await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U1"] }, breaker: { usersMax: 0, usersPct: 10, deptsMax: 5, deptsPct: 10 } });
  runs.held = await push(w);
  client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
}, 120_000);
afterAll(() => w?.close());

describe("what an OA → WeLink run says", () => {
  test("the runs end as partial, failed and held; the API gives English with the codes", async () => {
    expect([runs.partial.status, runs.failed.status, runs.held.status]).toEqual(["partial", "failed", "held"]);
    expect(runs.held).toMatchObject({ heldReason: "The plan removes 1 people from WeLink, more than the limit of 0; the push waits for an administrator.", heldReasonCode: "push.held.users" });
    expect(runs.failed).toMatchObject({ errorCode: "WELINK_TOKEN_INVALID", error: expect.stringContaining("WeLink refused the access token") });
    const res = await w.h.call("GET", `/api/v1/sync-runs/${runs.partial.id}/changes?limit=50`, { tenant: "default" });
    const items = ((await res.json()) as { items: { action: string; reason: string | null; reasonCode: string | null }[] }).items;
    expect(items.map((i) => [i.action, i.reasonCode, i.reason])).toEqual(expect.arrayContaining([
      ["fail", "push.setAside", expect.stringMatching(/^销售部: set aside after 5 attempts: WeLink answered 47004 /)],
      ["fail", "push.setAside", "钱二: set aside: its department '销售部' (DB) was set aside"],
      ["update", "reason.user.changed", "Changed in the OA."],
    ]));
    // Stored as codes with params, not as English.
    const stored = await rows(asPull(w), "SELECT reason FROM sync_changes WHERE run_id = ? AND action = 'update'", [runs.partial.id]);
    expect(JSON.parse(String(stored[0]!.reason))).toEqual({ code: "reason.user.changed" });
  });

  test("in Chinese: set-aside reasons, the held reason and the failure in words, no English sentence", async () => {
    const partial = await page(runs.partial);
    for (const s of ["销售部：尝试 5 次后搁置：WeLink 对", "钱二：所在部门“销售部”（DB）已搁置，因此一并搁置。", "在 OA 中有修改。", "职位：工程师 → 架构师"]) expect(partial).toContain(s);
    for (const s of ["set aside", "Changed in the OA", "attempts"]) expect(partial).not.toContain(s);
    // The plan's failed items: WeLink's code and message in small print, not the bridge's English.
    const plan = (await client.getText(`/admin/directory/${w.corpId}/runs/${runs.partial.id}/plan`)).html;
    expect(plan).toMatch(/WeLink <code>47004<\/code>: <q translate="no">[^<]+<\/q>/);
    expect(plan).not.toContain("set aside after");
    const held = await page(runs.held);
    expect(held).toContain("计划从 WeLink 移除 1 人，超过了上限 0，因此这次推送已暂停，等待管理员批准。");
    expect(await page(runs.held, true)).toContain("计划从 WeLink 移除 1 人，超过了上限 0");
    for (const failed of [await page(runs.failed), await page(runs.failed, true)]) {
      expect(failed).toContain("WeLink 拒绝了访问令牌");
      expect(failed).not.toContain("refused the access token");
    }
  });

  test("in English: the same in English words, no Chinese sentence around the names", async () => {
    await client.get("/admin/lang/en");
    const partial = await page(runs.partial);
    for (const s of ["销售部: set aside after 5 attempts: WeLink answered 47004", "钱二: set aside: its department '销售部' (DB) was set aside", "Changed in the OA.", "Position: 工程师 → 架构师"]) expect(partial).toContain(s);
    for (const s of ["尝试", "已搁置", "在 OA 中有修改"]) expect(partial).not.toContain(s);
    expect(await page(runs.held, true)).toContain("The plan removes 1 people from WeLink, more than the limit of 0");
    const failed = await page(runs.failed, true);
    expect(failed).toContain("WeLink refused the access token");
    expect(failed).not.toContain("拒绝了访问令牌");
    await client.get("/admin/lang/zh-CN");
  });

  test("a run stored before codes still reads, as it was written", async () => {
    await rows(asPull(w), "UPDATE sync_runs SET held_reason = 'too many removals' WHERE id = ?", [runs.held.id]);
    expect(await page(runs.held)).toContain("too many removals");
    expect(await page(runs.held, true)).toContain("too many removals");
  });
});
