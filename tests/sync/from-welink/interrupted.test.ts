/**
 * A pull the process left running (killed mid-run) is closed as interrupted when the bridge
 * starts again — by `serve` itself, before any schedule — and its page says so in both languages.
 */
import { afterEach, expect, test } from "bun:test";
import { ADMIN_PASSWORD, ADMIN_TOKEN } from "../../helpers/harness.ts";
import { freePort, serveBridge, until } from "../../helpers/cli.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { syncRuns } from "../../../src/directory/schema.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { json, rows, startPullWorld, T, type PullWorld } from "./support.ts";

let w: PullWorld | undefined;
let child: ReturnType<typeof Bun.spawn> | undefined;
afterEach(async () => {
  child?.kill();
  await child?.exited;
  child = undefined;
  w?.close();
  w = undefined;
});

const serve = (w: PullWorld, port: number) => serveBridge(w.h.config.databaseUrl, port, { stderr: "ignore" });

test("a pull left running is closed as interrupted at start; the page shows it so, the next pull works", async () => {
  w = await startPullWorld({ users: 10, depts: 2 });
  const tenantId = (await findTenantBySlug(w.h.deps.db, "default"))!.id;
  const progress = JSON.stringify({ phase: "people", done: 4, total: null, etaMs: null });
  await w.h.deps.db.insert(syncRuns).values({ id: "left-running", tenantId, corpId: w.corpId, kind: "pull", trigger: "schedule", status: "running", startedAt: w.h.deps.clock.now() - 60_000, progress });

  child = await serve(w, freePort());
  const [row] = await rows(w, "SELECT status, finished_at, progress FROM sync_runs WHERE id = 'left-running'");
  expect(row).toMatchObject({ status: "failed", progress: null });
  expect(row!.finished_at).not.toBeNull();

  const api = await json<{ status: string; errorCode: string; error: string }>(await w.h.call("GET", "/api/v1/sync-runs/left-running", T));
  expect(api).toMatchObject({ status: "failed", errorCode: "run.interrupted" });
  expect(api.error).toContain("The bridge stopped while this pull was running");

  const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  await client.post("/admin/tenant", { tenant: "default", back: "/admin" });
  const zh = (await client.getText(`/admin/directory/${w.corpId}/runs/left-running`)).html;
  expect(zh).toContain('<span class="badge bad">已中断</span>');
  expect(zh).toContain("桥接服务在这次拉取进行中停止了");
  expect(zh).not.toContain("进行中</span>");
  expect(zh).not.toContain('http-equiv="refresh"');
  expect((await client.getText(`/admin/directory/${w.corpId}/runs`)).html).toContain("已中断");
  await client.get("/admin/lang/en?back=/admin");
  const en = (await client.getText(`/admin/directory/${w.corpId}/runs/left-running`)).html;
  expect(en).toContain('<span class="badge bad">interrupted</span>');
  expect(en).not.toContain("桥接服务");

  // Nothing holds the corp: a new pull runs to the end.
  const next = await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T);
  expect((await json<{ status: string }>(next)).status).toBe("ok");
}, 60_000);

test("a pull killed mid-run (kill -9) is closed as interrupted by the next start, and the next pull runs", async () => {
  w = await startPullWorld({ users: 300, depts: 10 });
  w.rs.sb.faults.latencyMs = { "": 150 }; // every WeLink call slow: the pull is still reading when killed
  const port = freePort();
  child = await serve(w, port);
  const started = await fetch(`http://127.0.0.1:${port}/api/v1/corps/${w.corpId}/pull`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default" } });
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as { id: string };
  await until("the pull to read some pages", async () => (await rows(w!, "SELECT progress FROM sync_runs WHERE id = ?", [id]))[0]?.progress !== '{"phase":"departments","done":0,"total":null,"etaMs":null}', 30_000, 50);
  child.kill(9);
  await child.exited;
  expect((await rows(w, "SELECT status FROM sync_runs WHERE id = ?", [id]))[0]).toMatchObject({ status: "running" });

  w.rs.sb.faults.latencyMs = {};
  child = await serve(w, port);
  const [row] = await rows(w, "SELECT status, finished_at, progress, error FROM sync_runs WHERE id = ?", [id]);
  expect(row).toMatchObject({ status: "failed", progress: null });
  expect(String(row!.error)).toContain("run.interrupted");
  const next = await fetch(`http://127.0.0.1:${port}/api/v1/corps/${w.corpId}/pull?wait=true`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default" } });
  expect(((await next.json()) as { status: string }).status).toBe("ok");
}, 120_000);
