import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { bindings, welinkDepts, welinkUsers } from "../../../src/directory/schema.ts";
import { oaDepartments, oaUsers } from "../../../src/oa/schema.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { seedPlan } from "./plan-support.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const T = { tenant: "default" };
type World = { h: Harness; client: AdminClient; corpId: string; tenantId: string; base: string };

/** A read-write corp with a small WeLink mirror, an OA tree and two bound people (one gone from the OA). */
async function world(permission: "read-only" | "read-write" = "read-write"): Promise<World> {
  h = await startHarness();
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "演示企业", welinkTenantId: "demo", contactPermission: permission } })).json()) as { id: string };
  const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  const now = h.deps.clock.now();
  const k = { tenantId, corpId: corp.id, updatedAt: now };
  await h.deps.db.insert(welinkDepts).values([
    { ...k, deptCode: "W1", parentCode: "0", nameCn: "总部" },
    { ...k, deptCode: "W2", parentCode: "W1", nameCn: "研发" },
  ]);
  await h.deps.db.insert(oaDepartments).values([{ tenantId, id: "HQ", parentId: null, name: "HQ" }]);
  await h.deps.db.insert(oaUsers).values([{ tenantId, id: "oa-1", account: "zs", name: "张三", mainDeptId: "HQ" }]);
  await h.deps.db.insert(welinkUsers).values([{ ...k, userId: "w-1", nameCn: "张三" }, { ...k, userId: "w-2", nameCn: "李四" }]);
  await h.deps.db.insert(bindings).values(["1", "2"].map((n) => ({ tenantId, corpId: corp.id, welinkUserId: `w-${n}`, oaUserId: `oa-${n}`, method: "admin" as const, createdAt: now, createdBy: "t" })));
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return { h, client, corpId: corp.id, tenantId, base: `/admin/directory/${corp.id}` };
}

/** The form as the page sends it, with the defaults and these changes. */
const form = (changes: Record<string, string> = {}) => ({
  topDeptCode: "", map_nameCn: "name", map_mobileNumber: "mobile", map_email: "email", map_employeeId: "employeeNo", map_position: "position", map_nameEn: "",
  scope_depts: "", scope_include: "", scope_exclude: "", removalMode: "close", decreaseThreshold: "50",
  breaker_usersMax: "500", breaker_usersPct: "5", breaker_deptsMax: "20", breaker_deptsPct: "5", scheduleKind: "none", firstRunAt: "", periodMinutes: "", cron: "",
  ...changes,
});

describe("From OA (push) settings page", () => {
  test("renders in Chinese as a corp tab: top department choices, mapping, scope, guards, run buttons and the scope warning", async () => {
    const w = await world();
    const page = await w.client.getText(`${w.base}/push`);
    expect(page.status).toBe(200);
    for (const text of ["从 OA 同步", "挂载到 WeLink 的部门", "（无：OA 顶层 = WeLink 顶层）", "总部 / 研发", "在 WeLink 中新建找不到的 OA 人员", "字段映射", "包含兼职部门", "排除这些人员", "保护措施", "模拟同步（dry run）", "立即同步（run now）"]) {
      expect(page.html).toContain(text);
    }
    // oa-2 is bound but gone from the OA: the next run would remove them.
    expect(page.html).toContain("1 个已绑定人员不在此范围内，下次同步时将从 WeLink 中移除。");
    expect(page.html).toContain('class="flash warn"');
    expect((await w.client.getText(w.base)).html).toContain(`href="${w.base}/push"`);
    await w.client.get("/admin/lang/en");
    const en = (await w.client.getText(`${w.base}/push`)).html;
    expect(en).toContain("(none: OA top level = WeLink top level)");
    expect(en).toContain("Dry run");
  });

  test("saving through the form stores the settings; a refused value re-renders with the field's message", async () => {
    const w = await world();
    const ok = await w.client.post(`${w.base}/push/settings`, form({ topDeptCode: "W2", addNewPeople: "on", removalMode: "delete", scope_exclude: "oa-9\n\n oa-8 \n", decreaseThreshold: "" }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${w.base}/push?done=saved`);
    const saved = (await (await w.h.call("GET", `/api/v1/corps/${w.corpId}/push-settings`, T)).json()) as Record<string, unknown>;
    expect(saved).toMatchObject({ topDeptCode: "W2", addNewPeople: true, removalMode: "delete", decreaseThreshold: null, scope: { exclude: ["oa-9", "oa-8"] } });
    const page = (await w.client.getText(`${w.base}/push?done=saved`)).html;
    expect(page).toContain("已保存。");
    expect(page).toContain("共 2 个");
    const refused = await w.client.post(`${w.base}/push/settings`, form({ addNewPeople: "on", map_mobileNumber: "" }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("新建人员时必须映射此字段。");
  });

  test("a read-only corp says its runs are refused and offers no run buttons", async () => {
    const w = await world("read-only");
    const html = (await w.client.getText(`${w.base}/push`)).html;
    expect(html).toContain("这个企业的通讯录权限是只读：同步到 WeLink 会被拒绝。");
    expect(html).not.toContain("立即同步（run now）");
  });
});

describe("a push run's plan page", () => {
  test("shows counts, the OA tree with coloured labels, people capped per department, and apply for a planned run", async () => {
    const w = await world();
    const { runId } = await seedPlan(w.h, { tenantId: w.tenantId, corpId: w.corpId });
    const { status, html } = await w.client.getText(`${w.base}/runs/${runId}/plan`);
    expect(status).toBe(200);
    for (const cls of ["plan-match", "plan-create", "plan-move", "plan-update", "plan-remove", "plan-skip"]) expect(html).toContain(`class="plan ${cls}"`);
    for (const text of ["同步计划", "匹配", "新建", "移动", "更新", "移除", "跳过", "销售部", "华东区", "应用此计划", "（没有 OA 部门）", "离职者"]) expect(html).toContain(text);
    // East is nested under Sales, which is under HQ.
    expect(html.indexOf("华东区")).toBeGreaterThan(html.indexOf("销售部"));
    // 60 new people in Sales: 50 shown, then a link to the rest.
    expect(html).toContain("新人49");
    expect(html).not.toContain("新人50<");
    expect(html).toContain("……还有 10 人");
    expect(html).toContain(`${runId}/plan?object=user&amp;dept=SALES`);
    expect(html).toContain(`action="${w.base}/runs/${runId}/apply"`);
    // The list pages 50 at a time: the 60 people of Sales take two pages.
    const rest = (await w.client.getText(`${w.base}/runs/${runId}/plan?object=user&dept=SALES`)).html;
    expect(rest).toContain("新人49");
    expect(rest).toContain('rel="next"');
    expect((await w.client.getText(`${w.base}/runs/${runId}/plan?object=user&dept=SALES&page=2`)).html).toContain("新人59");
    const creates = (await w.client.getText(`${w.base}/runs/${runId}/plan?object=dept&action=create`)).html;
    expect(creates).toContain("销售部");
    expect(creates).not.toContain("华东区");
  });

  test("a held push run offers approve and dismiss, not apply; another corp's or an unknown run is 404", async () => {
    const w = await world();
    await seedPlan(w.h, { tenantId: w.tenantId, corpId: w.corpId }, "push-held", "held");
    const html = (await w.client.getText(`${w.base}/runs/push-held/plan`)).html;
    expect(html).toContain("批准删除");
    expect(html).toContain("忽略删除");
    expect(html).not.toContain("应用此计划");
    expect(html).toContain(`action="${w.base}/runs/push-held/approve"`);
    expect((await w.client.get(`${w.base}/runs/unknown/plan`)).status).toBe(404);
    // The run's own page links to its plan.
    expect((await w.client.getText(`${w.base}/runs/push-held`)).html).toContain(`href="${w.base}/runs/push-held/plan"`);
  });
});

describe("push pages with the runner (needs src/sync/to-welink/sync.ts)", () => {
  test("a dry run on a read-only corp is refused on the settings page", async () => {
    const w = await world("read-only");
    const res = await w.client.post(`${w.base}/push/run`, { dryRun: "true" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("CORP_READ_ONLY");
    expect(html).toContain("从 OA 同步");
  });

  test("applying a stored plan goes through the runner: started (303 to the plan) or refused there (409 with the reason)", async () => {
    const w = await world();
    const { runId } = await seedPlan(w.h, { tenantId: w.tenantId, corpId: w.corpId });
    const res = await w.client.post(`${w.base}/runs/${runId}/apply`);
    expect([303, 409]).toContain(res.status);
    if (res.status === 303) expect(res.headers.get("location")).toBe(`${w.base}/runs/${runId}/plan?done=started`);
    else expect(await res.text()).toContain('class="flash error"');
  });
});
