import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { bindingReviews, bindings, welinkDepts, welinkUsers } from "../../src/directory/schema.ts";
import { oaUsers } from "../../src/oa/schema.ts";
import { syncChanges, syncRuns } from "../../src/directory/schema.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startPullWorld } from "../sync/from-welink/support.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const T = { tenant: "default" };
type World = { client: AdminClient; corpId: string; appId: string; base: string };

/**
 * A bridge with one corp (made through the API) whose WeLink mirror, OA snapshot, bindings,
 * a review and a held run are seeded straight into the tables: the pages are tested without
 * depending on a pull.
 */
async function world(): Promise<World> {
  h = await startHarness();
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "演示企业", welinkTenantId: "demo" } })).json()) as { id: string };
  const app = (await (await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "同步应用", clientId: "c1", clientSecret: "s1" } })).json()) as { id: string };
  const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  await seed(h, tenantId, corp.id);
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return { client, corpId: corp.id, appId: app.id, base: `/admin/directory/${corp.id}` };
}

async function seed(h: Harness, tenantId: string, corpId: string) {
  const db = h.deps.db;
  const now = h.deps.clock.now();
  const k = { tenantId, corpId, updatedAt: now };
  await db.insert(welinkDepts).values([
    { ...k, deptCode: "D1", parentCode: "0", nameCn: "总部", orderNo: 1 },
    { ...k, deptCode: "D2", parentCode: "D1", nameCn: "研发部", orderNo: 1 },
    { ...k, deptCode: "D3", parentCode: "D2", nameCn: "平台组", orderNo: 1 },
  ]);
  await db.insert(welinkUsers).values([
    { ...k, userId: "zhang@w", nameCn: "张三", mobile: "13800000001", email: "zhang@x.cn", mainDeptCode: "D2", deptCodes: '["D2"]' },
    { ...k, userId: "li@w", nameCn: "李四", mobile: "13800000002", mainDeptCode: "D1", deptCodes: '["D1"]' },
    { ...k, userId: "wang@w", nameCn: "王五", mobile: "13800000003", mainDeptCode: "D1", deptCodes: '["D1"]' },
    { ...k, userId: "gone@w", nameCn: "赵六", mainDeptCode: "D1", deptCodes: '["D1"]', removedAt: now },
  ]);
  await db.insert(oaUsers).values([
    { tenantId, id: "oa-1", account: "zhangsan", name: "张三OA", mobile: "13800000001" },
    { tenantId, id: "oa-2", account: "wangwu", name: "王五甲", mobile: "13800000003" },
    { tenantId, id: "oa-3", account: "wangwu2", name: "王五乙", mobile: "13800000003" },
    { tenantId, id: "oa-4", account: "lisi", name: "李四OA" },
  ]);
  await db.insert(bindings).values({ tenantId, corpId, welinkUserId: "zhang@w", oaUserId: "oa-1", method: "rule", createdAt: now, createdBy: "system" });
  await db.insert(bindingReviews).values({ id: "rev-1", tenantId, corpId, welinkUserId: "wang@w", field: "mobile", candidates: '["oa-2","oa-3"]', createdAt: now });
  const run = { tenantId, corpId, kind: "pull" as const, trigger: "manual" as const, startedAt: now, finishedAt: now };
  await db.insert(syncRuns).values({ ...run, id: "run-1", status: "held", removed: 1, heldReason: "the population shrank by 25%" });
  await db.insert(syncChanges).values([
    { id: "ch-1", tenantId, runId: "run-1", object: "user", objectId: "zhang@w", action: "update", before: '{"position":"工程师"}', after: '{"position":"高级工程师"}' },
    { id: "ch-2", tenantId, runId: "run-1", object: "user", objectId: "li@w", action: "remove", applied: false },
  ]);
}

describe("WeLink directory pages", () => {
  test("the nav opens the area; one corp goes straight to its directory, which links to the OA directory", async () => {
    const w = await world();
    expect((await w.client.getText("/admin")).html).toContain('href="/admin/directory"');
    expect((await w.client.get("/admin/directory")).headers.get("location")).toBe(w.base);
    expect((await w.client.get("/admin/sync")).headers.get("location")).toBe(`${w.base}/runs`);
    expect((await w.client.getText(w.base)).html).toContain('href="/admin/oa/directory"');
  });

  test("the tree shows the top level, and a department's children on demand", async () => {
    const w = await world();
    const top = (await w.client.getText(w.base)).html;
    expect(top).toContain("总部");
    expect(top).not.toContain("研发部");
    expect(top).toContain(`href="${w.base}?parent=D1"`);
    const level = (await w.client.getText(`${w.base}?parent=D1`)).html;
    expect(level).toContain("研发部");
    expect(level).not.toContain("平台组");
    expect(level).toContain("↑ 上一级");
  });

  test("people are filtered by binding state and searched", async () => {
    const w = await world();
    const names = async (qs: string) => {
      const html = (await w.client.getText(`${w.base}?${qs}`)).html;
      return ["张三", "李四", "王五", "赵六"].filter((n) => html.includes(`>${n}</a>`));
    };
    expect(await names("filter=all")).toEqual(["张三", "李四", "王五", "赵六"]);
    expect(await names("filter=bound")).toEqual(["张三"]);
    expect(await names("filter=unbound")).toEqual(["李四", "王五"]);
    expect(await names("filter=review")).toEqual(["王五"]);
    expect(await names("filter=removed")).toEqual(["赵六"]);
    expect(await names("q=13800000002")).toEqual(["李四"]);
    expect(await names("dept=D2")).toEqual(["张三"]);
  });

  test("a person's card shows the WeLink fields, the bound OA person and the change history", async () => {
    const w = await world();
    const card = (await w.client.getText(`${w.base}/people/zhang%40w`)).html;
    expect(card).toContain("13800000001");
    expect(card).toContain("zhang@x.cn");
    expect(card).toContain("张三OA");
    expect(card).toContain("zhangsan");
    expect(card).toContain("绑定规则");
    expect(card).toContain("高级工程师");
    const explain = `/admin/explain?q=zhang%40w&amp;corpId=${w.corpId}`;
    expect(card).toContain(`href="${explain}"`);
    const answered = await w.client.getText(explain.replace("&amp;", "&"));
    expect(answered.status).toBe(200);
    expect(answered.html).toContain("张三");
    expect((await w.client.get(`${w.base}/people/nobody`)).status).toBe(404);
  });

  test("an admin binds from the card after searching the OA, and unbinds after confirming", async () => {
    const w = await world();
    const card = `${w.base}/people/li%40w`;
    expect((await w.client.getText(`${card}?oaq=lisi`)).html).toContain("李四OA");
    const bound = await w.client.post(`${card}/bind`, { oaUserId: "oa-4" });
    expect(bound.headers.get("location")).toBe(`${card}?done=bound`);
    const after = (await w.client.getText(`${card}?done=bound`)).html;
    expect(after).toContain("已绑定。");
    expect(after).toContain("绑定（管理员）");
    expect(after).toContain("OA 人员：李四OA（账号 lisi）");
    const taken = await w.client.post(`${w.base}/people/wang%40w/bind`, { oaUserId: "oa-4" });
    expect(taken.status).toBe(409);
    expect((await w.client.getText(`${card}/unbind`)).html).toContain("李四OA");
    expect((await w.client.post(`${card}/unbind`)).headers.get("location")).toBe(`${card}?done=unbound`);
    expect((await w.client.getText(card)).html).toContain("尚未绑定 OA 人员");
  });

  test("the review queue binds the picked candidate", async () => {
    const w = await world();
    const queue = (await w.client.getText(`${w.base}/reviews`)).html;
    expect(queue).toContain("王五甲");
    expect(queue).toContain("王五乙");
    expect((await w.client.post(`${w.base}/reviews/rev-1/pick`, { oaUserId: "oa-3" })).status).toBe(303);
    expect((await w.client.getText(`${w.base}/people/wang%40w`)).html).toContain("wangwu2");
    expect((await w.client.getText(`${w.base}/reviews`)).html).toContain("没有待审核的绑定");
  });
});

describe("sync pages", () => {
  test("the run history lists the held run; its page shows the change log and approving applies the removal", async () => {
    const w = await world();
    expect((await w.client.getText(`${w.base}/runs`)).html).toContain("已暂停（待批准）");
    const detail = (await w.client.getText(`${w.base}/runs/run-1`)).html;
    expect(detail).toContain("the population shrank by 25%");
    expect(detail).toContain("li@w");
    expect(detail).not.toContain('http-equiv="refresh"');
    expect((await w.client.post(`${w.base}/runs/run-1/approve`)).headers.get("location")).toBe(`${w.base}/runs/run-1?done=approved`);
    expect((await w.client.getText(`${w.base}?filter=removed`)).html).toContain(">李四</a>");
  });

  test("pull now without a sync app says what is missing", async () => {
    const w = await world();
    const res = await w.client.post(`${w.base}/runs`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("SYNC_APP_REQUIRED");
  });

  test("settings save contact permission, sync app, binding rule and pull settings; mistakes show per field", async () => {
    const w = await world();
    const page = (await w.client.getText(`${w.base}/settings`)).html;
    expect(page).toContain("对所有人可见");
    expect(page).toContain("时区");
    const saved = await w.client.post(`${w.base}/settings/interface`, { contactPermission: "read-write", syncAppId: w.appId });
    expect(saved.headers.get("location")).toBe(`${w.base}/settings?done=saved`);
    const bad = await w.client.post(`${w.base}/settings/interface`, { contactPermission: "read-write", syncAppId: "not-an-app" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("请选择这个企业自己的应用");
    expect((await w.client.post(`${w.base}/settings/rule`, { ruleEnabled: "on", ruleOa1: "email", ruleWelink1: "email", ruleOa2: "account", ruleWelink2: "emailPrefix", ruleCombine: "and" })).status).toBe(303);
    expect((await w.client.getText(`${w.base}/settings`)).html).toMatch(/<code>http[^<]*\/callbacks\/welink\/[^<]+<\/code>/);
    const corp = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}`, T)).json()) as Record<string, unknown>;
    expect(corp).toMatchObject({ contactPermission: "read-write", syncAppId: w.appId, bindingRule: { enabled: true, terms: [{ oa: "email", welink: "email" }, { oa: "account", welink: "emailPrefix" }], combine: "and" } });
    // The form shows the saved terms back, in order, with one spare slot.
    const form = (await w.client.getText(`${w.base}/settings`)).html;
    expect(form).toMatch(/name="ruleWelink2"[\s\S]*?<option value="emailPrefix" selected/);
    expect(form).toContain('name="ruleOa4"');
    const noRule = await w.client.post(`${w.base}/settings/rule`, { ruleEnabled: "on", ruleCombine: "or" });
    expect(noRule.status).toBe(422);
    expect(await noRule.text()).toContain("请至少填写一个条件");
    expect((await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "20", scheduleKind: "cron", cron: "0 2 * * *", autoBind: "on" })).status).toBe(303);
    const badCron = await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "20", scheduleKind: "cron", cron: "not cron" });
    expect(badCron.status).toBe(422);
    expect(await badCron.text()).toMatch(/id="f-cron-error"/);
  });

  test("the pull scope is ticked on the mirror's tree (none = everything), with separate clear switches, and saved for the API", async () => {
    const w = await world();
    const form = (await w.client.getText(`${w.base}/settings`)).html;
    expect(form).toContain("拉取的部门");
    expect(form).toMatch(/<input type="checkbox" name="deptCodes" value="D3"\/?> 平台组/);
    expect(form).toContain('name="clearMissingDepts"');
    expect(form).toContain('name="clearMissingPeople"');
    const saved = await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "10", scheduleKind: "none", deptCodes: ["D3", "D2"], clearMissingPeople: "on" });
    expect(saved.status).toBe(303);
    const api = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T)).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ deptCodes: ["D2"], clearMissingDepts: false, clearMissingPeople: true });
    expect((await w.client.getText(`${w.base}/settings`)).html).toMatch(/name="deptCodes" value="D2" checked/);
    const unknown = await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "10", scheduleKind: "none", deptCodes: "nope" });
    expect(unknown.status).toBe(422);
    // A chosen department gone from the mirror stays ticked on the page, so saving never widens the scope unseen.
    await h!.deps.database.client.execute({ sql: "UPDATE welink_depts SET removed_at = 1 WHERE dept_code = 'D2'", args: [] });
    const stale = (await w.client.getText(`${w.base}/settings`)).html;
    expect(stale).toMatch(/name="deptCodes" value="D2" checked/);
    expect(stale).toContain("已选择，但不在上面的列表中");
    expect((await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "10", scheduleKind: "none", deptCodes: "D2" })).status).toBe(422);
    await h!.deps.database.client.execute({ sql: "UPDATE welink_depts SET removed_at = NULL WHERE dept_code = 'D2'", args: [] });
    await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "10", scheduleKind: "none" });
    expect(((await (await h!.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T)).json()) as Record<string, unknown>).deptCodes).toBeNull();
    await w.client.get("/admin/lang/en");
    expect((await w.client.getText(`${w.base}/settings`)).html).toContain("Departments to pull");
  });

  test("the first run of a period schedule is typed as a local date and time in the bridge's zone (Asia/Shanghai)", async () => {
    const w = await world();
    const saved = await w.client.post(`${w.base}/settings/pull`, { shrinkThreshold: "20", scheduleKind: "period", firstRunAt: "2026-06-01T02:00", periodMinutes: "60" });
    expect(saved.status).toBe(303);
    const api = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T)).json()) as { schedule: unknown };
    expect(api.schedule).toEqual({ kind: "period", firstRunAt: "2026-05-31T18:00:00.000Z", periodMinutes: 60 });
    const form = (await w.client.getText(`${w.base}/settings`)).html;
    expect(form).toMatch(/<input id="f-firstRunAt" name="firstRunAt" type="datetime-local" value="2026-06-01T02:00"/);
    expect(form).toContain("按桥接服务的时区（Asia/Shanghai）填写日期和时间。");
  });
});

describe("binding export, import and bulk unbind", () => {
  test("the export downloads a CSV; an import reports its result; bulk unbind states the count first", async () => {
    const w = await world();
    const csv = await w.client.get(`${w.base}/bindings/export.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("zhang@w");
    const page = (await w.client.getText(`${w.base}/bindings`)).html;
    expect(page).toContain('enctype="multipart/form-data"');
    expect((await w.client.getText(`${w.base}/bindings/unbind-all`)).html).toContain("全部 1 个绑定");
    const stale = await w.client.post(`${w.base}/bindings/unbind-all`, { confirm: "5" });
    expect(stale.status).toBe(409);
    expect((await w.client.post(`${w.base}/bindings/unbind-all`, { confirm: "1" })).headers.get("location")).toBe(`${w.base}/bindings?done=bulkUnbound&n=1`);
    expect((await w.client.getText(`${w.base}?filter=bound`)).html).toContain("没有符合条件的人员");
  });
});

describe("browse API", () => {
  test("departments one level at a time, people filtered, a person's card", async () => {
    const w = await world();
    const top = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/welink/departments`, T)).json()) as { items: { deptCode: string; childCount: number; userCount: number }[] };
    expect(top.items).toEqual([expect.objectContaining({ deptCode: "D1", childCount: 1, userCount: 3 })]);
    const kids = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/welink/departments?parent=D1`, T)).json()) as { parent: { deptCode: string }; items: { deptCode: string }[] };
    expect(kids.parent.deptCode).toBe("D1");
    expect(kids.items.map((d) => d.deptCode)).toEqual(["D2"]);
    const people = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/welink/people?filter=unbound`, T)).json()) as { items: { userId: string }[]; total: number };
    expect(people.total).toBe(2);
    const card = (await (await h!.call("GET", `/api/v1/corps/${w.corpId}/welink/people/wang%40w`, T)).json()) as { review: { candidates: { id: string }[] }; person: { inReview: boolean } };
    expect(card.person.inReview).toBe(true);
    expect(card.review.candidates.map((c) => c.id).sort()).toEqual(["oa-2", "oa-3"]);
  });
});

describe("a running run", () => {
  test("its page refreshes itself every 2 seconds and shows the progress and estimate", async () => {
    const w = await world();
    const tenantId = (await findTenantBySlug(h!.deps.db, "default"))!.id;
    const progress = JSON.stringify({ phase: "people", done: 40, total: 100, etaMs: 9000 });
    await h!.deps.db.insert(syncRuns).values({ id: "run-2", tenantId, corpId: w.corpId, kind: "pull", trigger: "manual", status: "running", startedAt: h!.deps.clock.now() + 1, progress });
    const page = await w.client.getText(`${w.base}/runs/run-2`);
    expect(page.html).toContain('<meta http-equiv="refresh" content="2"/>');
    expect(page.res.headers.get("refresh")).toBe("2");
    expect(page.html).toContain("进度：读取人员 40 / 100");
    expect(page.html).toContain("预计还需约 9 秒");
  });
});

describe("pull now", () => {
  test("starts a pull against the sandbox and its page follows it to the end with the change log", async () => {
    const pw = await startPullWorld({ users: 12, depts: 3 });
    try {
      const client = await signedIn(pw.h.app, "admin", ADMIN_PASSWORD);
      await client.post("/admin/tenant", { tenant: "default", back: "/admin" });
      const started = await client.post(`/admin/directory/${pw.corpId}/runs`);
      const location = started.headers.get("location") ?? "";
      expect(location).toMatch(new RegExp(`^/admin/directory/${pw.corpId}/runs/[\\w-]+\\?done=started$`));
      let html = "";
      for (let i = 0; i < 100; i++) {
        html = (await client.getText(location)).html;
        if (!html.includes('http-equiv="refresh"')) break;
        await Bun.sleep(100);
      }
      // Ended: the page says how, no longer that it started.
      expect(html).not.toContain("同步已开始");
      expect(html).toContain("成功");
      expect(html).toContain("<td>新增</td>");
    } finally {
      pw.close();
    }
  });
});

describe("tenant isolation", () => {
  test("another tenant's admin gets 404 on the corp's pages", async () => {
    const w = await world();
    await h!.call("POST", "/api/v1/tenants", { body: { slug: "other", name: "Other" } });
    expect((await h!.call("POST", "/api/v1/admins", { tenant: "other", body: { username: "other-admin", password: "a-long-password" } })).status).toBe(201);
    const stranger = await signedIn(h!.app, "other-admin", "a-long-password");
    for (const path of [w.base, `${w.base}/people/zhang%40w`, `${w.base}/runs`, `${w.base}/runs/run-1`, `${w.base}/settings`, `${w.base}/reviews`, `${w.base}/bindings`]) {
      expect({ path, status: (await stranger.get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await stranger.post(`${w.base}/runs/run-1/approve`)).status).toBe(404);
  });
});
