/**
 * A pull's run page tells the truth in the admin's language: refusals of the app fail the run
 * (with the reason and the way to the app's settings), unread pages make it "completed with
 * failures" listed first, the change log names people and department paths with labelled fields,
 * paged 50 at a time and filterable. Each against the sandbox over HTTP, in both languages.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { type AdminClient, signedIn } from "../../helpers/admin-client.ts";
import { json, pull, startPullWorld, T, type PullWorld, type Run } from "./support.ts";

let w: PullWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

type Failed = Run & { error: string | null; errorCode: string | null };

async function admin(world: PullWorld, lang: "zh-CN" | "en" = "zh-CN"): Promise<AdminClient> {
  const client = await signedIn(world.h.app, "admin", ADMIN_PASSWORD);
  await client.post("/admin/tenant", { tenant: "default", back: "/admin" });
  if (lang === "en") await client.get("/admin/lang/en?back=/admin");
  return client;
}

const runPage = (world: PullWorld, runId: string, query = "") => `/admin/directory/${world.corpId}/runs/${runId}${query}`;
const appId = async (world: PullWorld) => (await json<{ syncAppId: string }>(await world.h.call("GET", `/api/v1/corps/${world.corpId}`, T))).syncAppId;
/** Visible text of a page (tags dropped), for language checks. */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&[a-z]+;/g, " ");
const unescape = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"');
const CJK = /[\u4e00-\u9fff]/;

async function pullFails(world: PullWorld): Promise<Failed> {
  const res = await world.h.call("POST", `/api/v1/corps/${world.corpId}/pull?wait=true`, T);
  expect(res.status).toBeGreaterThanOrEqual(400);
  const runs = await json<{ items: Failed[] }>(await world.h.call("GET", `/api/v1/corps/${world.corpId}/sync-runs`, T));
  return runs.items[0]!;
}

describe("a pull WeLink refuses", () => {
  test("wrong credentials (10007) fail the run with the reason in words and a link to the app's settings, in both languages", async () => {
    w = await startPullWorld({ users: 20, depts: 3 });
    const app = await appId(w);
    expect((await w.h.call("PATCH", `/api/v1/apps/${app}`, { ...T, body: { clientSecret: "not-the-secret-at-all" } })).status).toBe(200);
    const run = await pullFails(w);
    expect(run).toMatchObject({ status: "failed", heldReason: null, errorCode: "WELINK_AUTH_FAILED", counts: { failed: 0 } });
    expect(run.error).toContain("10007");
    expect(run.error).toContain("client_secret");
    expect(run.error).not.toContain("not-the-secret-at-all");

    const zh = (await (await admin(w)).getText(runPage(w, run.id))).html;
    expect(zh).toContain('<span class="badge bad">失败</span>');
    expect(zh).toContain("WeLink 拒绝了应用的 client_id 或 client_secret");
    expect(zh).toContain(`href="/admin/apps/${app}"`);
    expect(zh).toContain("打开同步应用的设置");
    expect(zh).not.toContain("已暂停");
    expect(zh).not.toContain("页数据没能");
    const en = unescape((await (await admin(w, "en")).getText(runPage(w, run.id))).html);
    expect(en).toContain("WeLink rejected the app's client_id or client_secret");
    expect(en).toContain("Open the sync app's settings");
    expect(en).toContain(`href="/admin/apps/${app}"`);
    expect(CJK.test(text(en.slice(en.indexOf("<main"))).replace(/Corp · /, ""))).toBe(false);
  });

  test("a missing permission (501) fails the run naming the permission, not 'held' with a failed page", async () => {
    w = await startPullWorld({ users: 20, depts: 3 });
    w.rs.sb.faults.errorRates["/api/contact/"] = { rate: 1, code: "501" };
    const run = await pullFails(w);
    expect(run).toMatchObject({ status: "failed", errorCode: "WELINK_NO_PERMISSION", counts: { failed: 0 } });
    expect(run.error).toContain('apply for "contacts read"');
    const zh = (await (await admin(w)).getText(runPage(w, run.id))).html;
    expect(zh).toContain("这个 WeLink 应用没有调用该接口的权限");
    expect(zh).toContain("申请“通讯录读取”权限");
    expect(zh).toContain(`href="/admin/apps/${await appId(w)}"`);
    expect(zh).not.toContain("已暂停");
  });
});

describe("a pull with unread pages", () => {
  test("is 'completed with failures', its failures first with the reason in words; no 'started' once ended", async () => {
    w = await startPullWorld({ users: 60, depts: 8 });
    await pull(w);
    w.rs.sb.faults.errorRates["/api/contact/v1/user/list"] = { rate: 0.3, code: "51019" };
    const run = await pull(w);
    expect(run.status).toBe("held");
    expect(run.counts.failed).toBeGreaterThan(0);
    const zhClient = await admin(w);
    const zh = (await zhClient.getText(runPage(w, run.id, "?done=started"))).html;
    expect(zh).toContain("部分失败（删除已暂停）");
    expect(zh).not.toContain("成功");
    expect(zh).not.toContain("同步已开始");
    expect(zh).toContain(`有 ${run.counts.failed} 条失败，列在最前面。`);
    expect(zh).toContain(`有 ${run.counts.failed} 页数据没能从 WeLink 读取`);
    // The first rows of the log are the failures, each saying which department and why.
    const rows = zh.slice(zh.indexOf("<tbody>", zh.indexOf("变更记录"))).split("<tr>").slice(1, 1 + run.counts.failed);
    for (const row of rows) {
      expect(row).toContain("<td>失败</td>");
      expect(row).toMatch(/没能读取部门 \d+ 的人员：WeLink 对 GET \/api\/contact\/v1\/user\/list 返回了 51019/);
    }
    const history = (await zhClient.getText(`/admin/directory/${w.corpId}/runs`)).html;
    expect(history).toContain("部分失败（删除已暂停）");
    const en = (await (await admin(w, "en")).getText(runPage(w, run.id))).html;
    expect(en).toContain("completed with failures (removals held)");
    expect(en).toContain(`${run.counts.failed} page(s) failed to load from WeLink`);
    expect(en).toMatch(/people of department \d+ could not be read: WeLink answered 51019/);
    expect(en).not.toContain("没能读取");
  });
});

describe("the change log", () => {
  test("shows labelled fields old → new with names and department paths, in both languages", async () => {
    w = await startPullWorld({ users: 30, depts: 4 });
    await pull(w);
    const org = w.rs.sb.org;
    const u = [...org.users.values()].find((x) => x.mainDeptCode !== "0")!;
    const from = org.depts.get(u.mainDeptCode!)!;
    // Paths are today's: the renamed department is neither end of the move.
    const [d1, d2] = [...org.depts.values()].filter((d) => d.parentCode !== "0" && d.deptCode !== from.deptCode);
    org.putUser({ ...u, mainDeptCode: d1!.deptCode, deptCodes: [d1!.deptCode], position: "首席架构师" });
    org.putDept({ ...d2!, deptNameCn: "新名字部" });
    const run = await pull(w);
    expect(run.counts).toMatchObject({ moved: 1, updated: 1 });
    const zh = (await (await admin(w)).getText(runPage(w, run.id))).html;
    expect(zh).toContain(`${u.userNameCn}（`);
    expect(zh).toContain(`职位：${u.position ?? "（空）"} → 首席架构师`);
    expect(zh).toMatch(new RegExp(`主部门：[^<]*${from.deptNameCn} → [^<]*${d1!.deptNameCn}`));
    expect(zh).toContain(`中文名：${d2!.deptNameCn} → 新名字部`);
    expect(zh).toContain("<td>移动</td>");
    expect(zh).not.toContain("{&quot;");
    const en = (await (await admin(w, "en")).getText(runPage(w, run.id))).html;
    expect(en).toContain(`Position: ${u.position ?? "(empty)"} → 首席架构师`);
    expect(en).toContain(`Chinese name: ${d2!.deptNameCn} → 新名字部`);
    expect(en).toContain("<td>moved</td>");
  });

  test("is paged 50 a page and filtered by action and text, in the page and the API", async () => {
    w = await startPullWorld({ users: 120, depts: 12 });
    const run = await pull(w);
    const total = run.counts.added;
    expect(total).toBe(132);
    const client = await admin(w);
    const first = (await client.getText(runPage(w, run.id))).html;
    expect(first.slice(first.indexOf("<tbody>", first.indexOf("变更记录"))).split("<tr>").length - 1).toBe(50);
    expect(first).toContain(`共 ${total} 条，第 1 / 3 页`);
    expect(first).toContain(`href="${runPage(w, run.id, "?page=2")}" rel="next"`);
    const last = (await client.getText(runPage(w, run.id, "?page=3"))).html;
    expect(last.slice(last.indexOf("<tbody>", last.indexOf("变更记录"))).split("<tr>").length - 1).toBe(total - 100);

    const someone = [...w.rs.sb.org.users.values()][7]!;
    const found = (await client.getText(runPage(w, run.id, `?action=add&q=${encodeURIComponent(someone.userNameCn)}`))).html;
    expect(found).toContain("共 1 条，第 1 / 1 页");
    expect(found).toContain(someone.userId);
    const none = (await client.getText(runPage(w, run.id, "?action=remove"))).html;
    expect(none).toContain("没有变更。");

    const api = await json<{ items: { objectId: string }[]; total: number }>(await w.h.call("GET", `/api/v1/sync-runs/${run.id}/changes?action=add&q=${encodeURIComponent(someone.userNameCn)}`, T));
    expect(api.total).toBe(1);
    expect(api.items[0]!.objectId).toBe(someone.userId);
  });
});

describe("a running pull", () => {
  test("says it started and where it is in words (unknown totals said as such), in both languages", async () => {
    w = await startPullWorld({ users: 5, depts: 1 });
    const tenantId = (await w.h.deps.database.client.execute("SELECT tenant_id FROM corps")).rows[0]![0] as string;
    const insert = (id: string, progress: object) =>
      w!.h.deps.database.client.execute({ sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at, progress) VALUES (?, ?, ?, 'pull', 'manual', 'running', ?, ?)", args: [id, tenantId, w!.corpId, Date.now(), JSON.stringify(progress)] });
    await insert("r-depts", { phase: "departments", done: 30, total: null, etaMs: null });
    await insert("r-people", { phase: "people", done: 120, total: 1000, etaMs: 5000, deptsDone: 3, depts: 30 });
    const zh = await admin(w);
    const depts = (await zh.getText(runPage(w, "r-depts", "?done=started"))).html;
    expect(depts).toContain("同步已开始");
    expect(depts).toContain("进度：读取部门，已读到 30 个部门（总数未知）");
    expect((await zh.getText(runPage(w, "r-people"))).html).toContain("进度：部门 3 / 30，人员 120 / 约 1000");
    const en = await admin(w, "en");
    expect((await en.getText(runPage(w, "r-depts"))).html).toContain("Progress: reading departments, 30 departments read so far (total not known yet)");
    const people = (await en.getText(runPage(w, "r-people"))).html;
    expect(people).toContain("Progress: departments 3 / 30, people 120 / about 1000");
    expect(people).not.toContain("进度");
  });
});
