import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import { rows, T } from "../from-welink/support.ts";
import { asPull } from "../to-welink/support.ts";
import { seedWelink, startWbWorld, type WbWorld } from "./support.ts";

let world: WbWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

async function admin(w: WbWorld): Promise<{ client: AdminClient; base: string }> {
  const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return { client, base: `/admin/directory/${w.corpId}` };
}

/** Follows a 303 and answers the page it leads to. */
async function follow(client: AdminClient, res: Response) {
  expect(res.status).toBe(303);
  return client.getText(res.headers.get("location")!);
}

/** The run's plan page once the run has ended (it refreshes itself while running). */
async function ended(client: AdminClient, path: string) {
  for (;;) {
    const page = await client.getText(path);
    if (!page.html.includes('http-equiv="refresh"')) return page;
    await Bun.sleep(50);
  }
}

describe("the direction and the write-back in the admin", () => {
  test("the direction is an explicit choice with what each side means; the write-back section shows only for WeLink → OA", async () => {
    const w = (world = await startWbWorld());
    const { client, base } = await admin(w);
    const zh = (await client.getText(`${base}/settings`)).html;
    for (const text of ["组织同步方向", "当前方向：OA → WeLink", "WeLink → OA（写回 OA）", "不会写入 WeLink", "同一批部门和人员从不同时双向同步"]) expect(zh).toContain(text);
    expect(zh).toContain(`action="${base}/settings/direction"`);
    expect(zh).not.toContain("模拟写回");
    const saved = await follow(client, await client.post(`${base}/settings/direction`, { direction: "to-oa" }));
    expect(saved.html).toContain("当前方向：WeLink → OA（写回 OA）");
    for (const text of ["写回 OA", "模拟写回（只生成计划）", "立即写回 OA", "还没有写回过 OA。"]) expect(saved.html).toContain(text);
    await client.get("/admin/lang/en");
    const en = (await client.getText(`${base}/settings`)).html;
    for (const text of ["Current direction: WeLink → OA (write-back)", "Simulate (plan only)", "Write to the OA now", "WeLink is not changed"]) expect(en).toContain(text);
    const bad = await client.post(`${base}/settings/direction`, { direction: "both" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose one of the two directions.");
  });

  test("a switch refused while a run is in flight says why in words, and keeps the direction", async () => {
    const w = (world = await startWbWorld());
    const { client, base } = await admin(w);
    await rows(asPull(w), "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES ('busy', ?, ?, 'push', 'manual', 'running', 0)", [w.tenantId, w.corpId]);
    const res = await client.post(`${base}/settings/direction`, { direction: "to-oa" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("不能在进行中切换方向");
    expect(html).toContain("SYNC_DIRECTION_BUSY");
    expect(html).toContain("当前方向：OA → WeLink");
  });

  test("simulate stores a plan the page says is written to the OA; apply writes it; history lists the write-back", async () => {
    const w = (world = await startWbWorld());
    seedWelink(w);
    const { client, base } = await admin(w);
    await client.post(`${base}/settings/direction`, { direction: "to-oa" });
    const started = await client.post(`${base}/writeback`, { dryRun: "true" });
    expect(started.status).toBe(303);
    const planPath = new URL(started.headers.get("location")!, "http://x").pathname;
    const plan = await ended(client, planPath);
    for (const text of ["写回 OA 的计划", "这份计划写入的是 OA，不是 WeLink", "在 OA 新建", "写回总部", "研发部", "写回甲", "应用此计划（写入 OA）", "已规划（模拟）"]) expect(plan.html).toContain(text);
    expect(plan.html).not.toContain("应用此计划</button>");
    expect(w.oa.state.writes.count).toBe(0);
    const applyAction = `${planPath.replace(/\/plan$/, "")}/writeback-apply`;
    expect(plan.html).toContain(`action="${applyAction}"`);
    const applied = await client.post(applyAction);
    expect(applied.status).toBe(303);
    const after = await ended(client, applied.headers.get("location")!);
    expect(after.html).toContain("写回已结束。");
    expect(w.oa.state.writes.count).toBe(6);
    // The change log names what was written (its rows are keyed by the OA's new ids, unknown to the WeLink mirror).
    const log = (await client.getText(planPath.replace(/\/plan$/, ""))).html;
    for (const name of ["写回总部", "研发部", "市场部", "写回甲", "写回乙", "写回丙"]) expect(log).toContain(`${name}<br/>`);
    const history = (await client.getText(`${base}/runs`)).html;
    expect(history).toContain("写回 OA");
    const settings = (await client.getText(`${base}/settings`)).html;
    expect(settings).toContain("最近的写回");
    expect(settings).toContain(planPath);
    await client.get("/admin/lang/en");
    const en = (await client.getText(planPath)).html;
    for (const text of ["Write-back plan (to the OA)", "This plan writes to the OA, not to WeLink", "create in the OA", "The OA organisation after the write-back", "write-back to the OA"]) expect(en).toContain(text);
    for (const text of ["在 OA 新建", "写回 OA 的计划", "同步计划"]) expect(en).not.toContain(text);
    await client.get("/admin/lang/zh-CN");
    // A stored plan applied once cannot be applied again: the refusal comes back on the plan page.
    const again = await client.post(applyAction);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("RUN_NOT_APPLICABLE");
  });

  test("a connection that cannot write (CSV) is said with its reason, and no write-back buttons are offered", async () => {
    const w = (world = await startWbWorld());
    const { client, base } = await admin(w);
    expect((await w.h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "csv", settings: {} } })).status).toBe(200);
    await client.post(`${base}/settings/direction`, { direction: "to-oa" });
    const html = (await client.getText(`${base}/settings`)).html;
    expect(html).toContain("当前的 OA 连接不能写入");
    expect(html).toContain("CSV 通讯录只能通过上传文件更新");
    expect(html).not.toContain("立即写回 OA");
    const refused = await client.post(`${base}/writeback`, { dryRun: "false" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("OA_NOT_SUPPORTED");
  });
});
