import { afterEach, describe, expect, test } from "bun:test";
// The harness first (through the push support): it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { bindings } from "../../src/directory/schema.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { insertMessage, startDispatchWorld, wid, type DispatchWorld } from "./dispatch-support.ts";
import { json, message, rows } from "./intake-support.ts";
import { signedIn, type AdminClient } from "../helpers/admin-client.ts";

let w: DispatchWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

type Rule = { id: string; name: string; enabled: boolean; sources: string[]; targets: { corpId: string; appId: string; type: string }[] };
type Log = { deliveries: { id: string; oaUserId: string; status: string; attempts: number }[] };
const CARD = "/api/messages/v2/card/common";

/** A tenant `default` with corp "Corp" / app "Notices", OA people u1, u2 bound, and its admin signed in there. */
async function world(): Promise<{ w: DispatchWorld; client: AdminClient }> {
  w = await startDispatchWorld(2);
  const tenantId = w.tenantId;
  await w.h.deps.db.insert(bindings).values([1, 2].map((n) => ({ tenantId, corpId: w!.corpId, welinkUserId: wid(n), oaUserId: `u${n}`, method: "admin" as const, createdAt: 0, createdBy: "t" })));
  return { w, client: await adminIn(w) };
}

/** The global admin, signed in and working in tenant `default`. */
async function adminIn(x: DispatchWorld): Promise<AdminClient> {
  const client = await signedIn(x.h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

const rules = async (x: DispatchWorld) => (await json<{ items: Rule[] }>(await x.admin("GET", "/api/v1/push-rules"))).items;
const logOf = async (x: DispatchWorld, id: string) => json<Log>(await x.admin("GET", `/api/v1/messages/${id}`));

/** The rule form as the page sends it: three target rows, the unused ones empty. */
function ruleForm(x: DispatchWorld, o: { name: string; sources?: string; all?: boolean; enabled?: boolean; target?: string; type?: string }) {
  return {
    name: o.name,
    sources: o.sources ?? "",
    ...(o.all ? { all: "on" } : {}),
    ...(o.enabled === false ? {} : { enabled: "on" }),
    target: [o.target ?? `${x.corpId}|${x.appId}`, "", ""],
    type: [o.type ?? "card", "notification", "notification"],
  };
}

/** Sends an approval to u1, u2 (bound) and u9 (not bound); WeLink keeps failing until the two are dead. */
async function deadMessage(x: DispatchWorld, externalId: string): Promise<string> {
  x.rs.sb.faults.errorRates = { [CARD]: { rate: 1, code: "41500" } };
  const { id } = await json<{ id: string }>(await x.send(message({ externalId, recipients: ["u1", "u2", "u9"] })));
  const start = x.clock.now();
  expect(await x.dispatch()).toMatchObject({ retried: 2 });
  x.clock.set(start + 24 * 3600_000 + 1);
  expect(await x.dispatch()).toMatchObject({ dead: 2 });
  x.rs.sb.faults.errorRates = {};
  return id;
}

describe("message push rules in the admin", () => {
  test("the nav item is live and the rules tab lists each rule with its targets by name; 'all sources' is warned about", async () => {
    const { w, client } = await world();
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "审批推送", sources: ["approval", "notice"], targets: [{ corpId: w.corpId, appId: w.appId, type: "todo" }] }));
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "Everything", sources: ["*"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] }));
    const page = await client.getText("/admin/push");
    expect(page.status).toBe(200);
    const nav = /<a href="\/admin\/push"[^>]*>(.*?)<\/a>/s.exec(page.html)?.[0] ?? "";
    expect(nav).toContain('aria-current="page"');
    expect(nav).not.toContain('class="soon"');
    for (const text of ["审批推送", "approval, notice", "Corp / Notices", "待办", "卡片", "Everything", "全部来源"]) expect(page.html).toContain(text);
    expect(page.html).toContain("规则「Everything」选择了全部来源：它也会发送审批、考勤");
    expect(page.html).toContain('href="/admin/push/messages"');
  });

  test("an admin creates, edits and deletes a rule through the forms, and each change is in the audit log", async () => {
    const { w, client } = await world();
    const form = await client.getText("/admin/push/rules/new");
    expect(form.html).toContain(`value="${w.corpId}|${w.appId}"`);
    expect(form.html).toContain("Corp / Notices");
    const created = await client.post("/admin/push/rules", ruleForm(w, { name: "Approvals", sources: "approval,\n notice ", type: "todo" }));
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/admin/push?done=created");
    const [rule] = await rules(w);
    expect(rule).toMatchObject({ name: "Approvals", enabled: true, sources: ["approval", "notice"], targets: [{ corpId: w.corpId, appId: w.appId, type: "todo" }] });
    expect((await client.getText("/admin/push?done=created")).html).toContain("规则已创建。");

    const edit = await client.getText(`/admin/push/rules/${rule!.id}/edit`);
    expect(edit.html).toContain('value="Approvals"');
    expect(edit.html).toContain("approval, notice");
    expect(edit.html).toMatch(/<option value="todo" selected/);
    const saved = await client.post(`/admin/push/rules/${rule!.id}/edit`, ruleForm(w, { name: "All of it", all: true, enabled: false, type: "notification" }));
    expect(saved.headers.get("location")).toBe("/admin/push?done=saved");
    expect((await rules(w))[0]).toMatchObject({ name: "All of it", enabled: false, sources: ["*"], targets: [{ type: "notification" }] });

    const confirm = await client.getText(`/admin/push/rules/${rule!.id}/delete`);
    expect(confirm.html).toContain("All of it");
    expect((await rules(w)).length).toBe(1);
    expect((await client.post(`/admin/push/rules/${rule!.id}/delete`)).headers.get("location")).toBe("/admin/push?done=deleted");
    expect(await rules(w)).toEqual([]);
    const audit = await rows(w, "SELECT action, actor FROM audit_log WHERE target = ? ORDER BY at, rowid", [`push-rule:${rule!.id}`]);
    expect(audit.map((a) => a.action)).toEqual(["push.rule.create", "push.rule.update", "push.rule.delete"]);
    expect(String(audit[0]!.actor)).toContain("admin");
  });

  test("a refused form is shown again with what was typed and a message at each bad field", async () => {
    const { w, client } = await world();
    const bad = await client.post("/admin/push/rules", ruleForm(w, { name: "Keep me", sources: "approval, Bad Source!", type: "card" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Keep me"');
    expect(html).toContain("approval, Bad Source!");
    expect(html).toContain("请填写来源");
    expect(html).toMatch(new RegExp(`<option value="${w.corpId}\\|${w.appId}" selected`));
    expect(html).toMatch(/<option value="card" selected/);

    // The target check is the use case's (an AppError, not zod): the row keeps its value and says what is wrong.
    const gone = await client.post("/admin/push/rules", ruleForm(w, { name: "Gone app", sources: "approval", target: `${w.corpId}|no-such-app` }));
    expect(gone.status).toBe(422);
    const goneHtml = await gone.text();
    expect(goneHtml).toContain("该企业或应用不存在，或应用不属于该企业。");
    expect(goneHtml).toMatch(/<option value="[^"]*\|no-such-app" selected/);
    expect(await rules(w)).toEqual([]);
  });

  test("ticking all sources shows the warning on the form", async () => {
    const { w, client } = await world();
    const plain = (await client.getText("/admin/push/rules/new")).html;
    expect(plain).not.toContain('class="flash warn"');
    const refused = await client.post("/admin/push/rules", ruleForm(w, { name: "", all: true }));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('class="flash warn"');
    expect(html).toContain("“全部来源”也会发送审批、考勤以及 OA 发来的其他所有来源的消息。");
    expect(html).toContain("请填写名称");
  });
});

describe("delivery log in the admin", () => {
  test("lists messages with counts and filters them by status and external id", async () => {
    const { w, client } = await world();
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["approval"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] }));
    const a = await json<{ id: string }>(await w.send(message({ externalId: "AP-SENT", recipients: ["u1"] })));
    expect(await w.dispatch()).toMatchObject({ sent: 1 });
    w.clock.advance(60_000);
    const b = await json<{ id: string }>(await w.send(message({ externalId: "AP-SKIP", recipients: ["u9"] })));
    const all = (await client.getText("/admin/push/messages")).html;
    expect(all).toContain(`href="/admin/push/messages/${a.id}"`);
    expect(all).toContain(`href="/admin/push/messages/${b.id}"`);
    expect(all.indexOf("AP-SKIP")).toBeLessThan(all.indexOf("AP-SENT"));
    expect(all).toMatch(/已发送<\/span> 1/);
    expect(all).toMatch(/已跳过<\/span> 1/);
    const skipped = (await client.getText("/admin/push/messages?status=skipped")).html;
    expect(skipped).toContain("AP-SKIP");
    expect(skipped).not.toContain("AP-SENT");
    const byId = (await client.getText("/admin/push/messages?externalId=AP-SENT")).html;
    expect(byId).toContain("AP-SENT");
    expect(byId).not.toContain("AP-SKIP");
    expect(byId).toContain('value="AP-SENT"');
    const bad = await client.getText("/admin/push/messages?from=yesterday");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("请输入 YYYY-MM-DD 格式的日期");
  });

  test("the detail shows every delivery with its attempts; a dead one is replayed through its form; unbound people link to binding", async () => {
    const { w } = await world();
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "Approvals to cards", sources: ["approval"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] }));
    const id = await deadMessage(w, "AP-DEAD");
    // A day passed on the frozen clock: the first session has expired.
    const client = await adminIn(w);
    const page = await client.getText(`/admin/push/messages/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Approvals to cards");
    expect(page.html.match(/41500/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(page.html.match(/已放弃/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    // Reasons read as sentences in the admin's language; what WeLink said follows as a quoted detail.
    expect(page.html).toContain("此人未绑定该企业的 WeLink 账号");
    expect(page.html).toContain("首次尝试 24 小时后仍然失败，已放弃。WeLink 未接受这次发送： <q class=\"muted\" translate=\"no\">WeLink answered 41500");
    expect(page.html).not.toContain(">not bound<");
    expect(page.html).toContain(`href="/admin/directory/${w.corpId}?filter=unbound#people"`);
    const log = await logOf(w, id);
    const u1 = log.deliveries.find((d) => d.oaUserId === "u1")!;
    const u2 = log.deliveries.find((d) => d.oaUserId === "u2")!;
    expect(page.html).toContain(`action="/admin/push/messages/${id}/deliveries/${u1.id}/replay"`);

    const replayed = await client.post(`/admin/push/messages/${id}/deliveries/${u1.id}/replay`);
    expect(replayed.headers.get("location")).toBe(`/admin/push/messages/${id}?done=replayed&n=1`);
    const after = await logOf(w, id);
    expect(after.deliveries.find((d) => d.id === u1.id)!.status).toBe("pending");
    expect(after.deliveries.find((d) => d.id === u2.id)!.status).toBe("dead");
    expect((await client.getText(`/admin/push/messages/${id}?done=replayed&n=1`)).html).toContain("已重新排队 1 条投递。");
    // Replaying it again is a conflict shown on the page, not an error page.
    const again = await client.post(`/admin/push/messages/${id}/deliveries/${u1.id}/replay`);
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain("DELIVERY_NOT_REPLAYABLE");
    expect(againHtml).toContain("这条投递已不是“失败”或“已放弃”状态");

    const confirm = await client.getText("/admin/push/messages/replay-dead?from=2026-06-01&to=");
    expect(confirm.html).toContain("2026-06-01");
    const range = await client.post("/admin/push/messages/replay-dead", { from: "2026-06-01", to: "" });
    expect(range.headers.get("location")).toBe("/admin/push/messages?from=2026-06-01&done=replayed&n=1");
    expect((await logOf(w, id)).deliveries.find((d) => d.id === u2.id)!.status).toBe("pending");
  });

  test("replaying all dead deliveries of a message from its page", async () => {
    const { w } = await world();
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["approval"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] }));
    const id = await deadMessage(w, "AP-DEAD-2");
    const client = await adminIn(w);
    expect((await client.getText(`/admin/push/messages/${id}`)).html).toContain(`action="/admin/push/messages/${id}/replay-dead"`);
    const res = await client.post(`/admin/push/messages/${id}/replay-dead`);
    expect(res.headers.get("location")).toBe(`/admin/push/messages/${id}?done=replayed&n=2`);
    const statuses = (await logOf(w, id)).deliveries.map((d) => d.status).sort();
    expect(statuses).toEqual(["pending", "pending", "skipped"]);
  });

  test("the English switch shows the pages in English", async () => {
    const { w, client } = await world();
    await json(await w.admin("POST", "/api/v1/push-rules", { name: "Everything", sources: ["*"], targets: [{ corpId: w.corpId, appId: w.appId, type: "todo" }] }));
    await client.get("/admin/lang/en");
    const rulesPage = (await client.getText("/admin/push")).html;
    for (const text of ["Push rules", "Delivery log", "To-do", "Rule “Everything” takes all sources"]) expect(rulesPage).toContain(text);
    expect(rulesPage).not.toContain("推送规则");
    const log = (await client.getText("/admin/push/messages")).html;
    expect(log).toContain("External id");
    expect(log).toContain("No messages match.");
  });

  test("another tenant's message is 404, and the global view asks for a working tenant", async () => {
    const { w, client } = await world();
    await w.h.tenantToken("tenant-b", ["read"]);
    const other = await findTenantBySlug(w.h.deps.db, "tenant-b");
    const { messageId } = await insertMessage(w, { users: [], tenantId: other!.id, title: "B's secret" });
    for (const path of [`/admin/push/messages/${messageId}`]) {
      const res = await client.getText(path);
      expect(res.status).toBe(404);
      expect(res.html).toContain("页面不存在");
      expect(res.html).not.toContain("B&#39;s secret");
      expect(res.html).not.toContain("B's secret");
    }
    expect((await client.post(`/admin/push/messages/${messageId}/replay-dead`)).status).toBe(404);
    expect((await client.getText("/admin/push/messages")).html).not.toContain(messageId);

    expect((await client.post("/admin/tenant", { tenant: "", back: "/admin" })).status).toBe(303);
    const global = await client.getText("/admin/push");
    expect(global.status).toBe(200);
    expect(global.html).toContain("请先在顶部选择一个工作租户");
  });
});
