import { afterEach, expect, test } from "bun:test";
import { ADMIN_TOKEN } from "../../helpers/harness.ts";
import { freePort, serveBridge, until } from "../../helpers/cli.ts";
import { startSandbox } from "../../helpers/sandbox.ts";
import { rows, type PullWorld } from "../from-welink/support.ts";
import { welinkDept } from "../to-welink/support.ts";
import { direction, startWbWorld, type WbWorld, welinkPerson } from "./support.ts";

/*
 * The crash drill of the write-back: the bridge as the operator runs it (a child process on the
 * test's database) writes WeLink's organisation into the demo OA, is killed with SIGKILL in the
 * middle of the apply, and started again. The run resumes from its journal and the demo OA —
 * which logs every real write and counts every key sent — received each write exactly once.
 */

const PEOPLE = 800;
const DEPTS = 10;

let world: WbWorld | undefined;
let child: ReturnType<typeof Bun.spawn> | undefined;
afterEach(() => {
  child?.kill(9);
  child = undefined;
  world?.close();
  world = undefined;
});

const startBridge = (w: WbWorld, port: number) => serveBridge(w.h.config.databaseUrl, port, { stderr: "inherit" });


test("a write-back killed mid-apply (kill -9) resumes from its journal, and the demo OA receives each write exactly once", async () => {
  const rs = startSandbox({ settings: { rateLimits: { enabled: false, perAppApiPerSecond: 1e9, perAppApiPerMinute: 1e9, perIpPer20s: 1e9 } } });
  const w = (world = await startWbWorld({ sandbox: rs }));
  const top = welinkDept(rs.sb, "崩溃演练总部");
  const depts = [top, ...Array.from({ length: DEPTS - 1 }, (_, i) => welinkDept(rs.sb, `演练部门${i}`, top))];
  const people = Array.from({ length: PEOPLE }, (_, i) => welinkPerson(rs.sb, `演练员工${i}`, depts[i % DEPTS]!));
  expect((await direction(w, "to-oa")).status).toBe(200);
  const writes = w.oa.state.writes;

  const port = freePort();
  child = await startBridge(w, port);
  const started = await fetch(`http://127.0.0.1:${port}/api/v1/corps/${w.corpId}/writeback`, {
    method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default" },
  });
  expect(started.status).toBe(202);
  const { id: runId } = (await started.json()) as { id: string };
  await until("the apply to be under way in the OA", () => writes.count >= DEPTS + 100, 20_000);
  child.kill(9);
  await child.exited;
  const atKill = writes.count;
  expect(atKill).toBeLessThan(PEOPLE + DEPTS);

  child = await startBridge(w, port);
  const run = async () => (await rows(w as unknown as PullWorld, "SELECT status, added, failed FROM sync_runs WHERE id = ?", [runId]))[0]!;
  await until("the resumed run to end", async () => (await run()).status !== "running", 20_000);
  expect(await run()).toMatchObject({ status: "ok", added: PEOPLE + DEPTS, failed: 0 });

  // Each write happened once: one logged write per key, as many as the plan's creates.
  const keys = writes.log.map((l) => l.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(writes.count).toBe(PEOPLE + DEPTS);
  expect(keys.every((k) => k.startsWith(`${runId}:`))).toBe(true);
  // The resumed run did not start over: the keys written before the kill were not written again.
  expect([...writes.sent.values()].every((n) => n <= 2)).toBe(true);
  // In the OA: every WeLink person once (by account), every department once.
  const accounts = w.oa.org.users.map((u) => u.loginName).filter((a) => a.startsWith("WB"));
  expect(accounts.length).toBe(PEOPLE);
  expect(new Set(accounts).size).toBe(PEOPLE);
  const names = w.oa.org.depts.filter((d) => d.name === "崩溃演练总部" || d.name.startsWith("演练部门")).map((d) => d.name);
  expect(names.sort()).toEqual(["崩溃演练总部", ...Array.from({ length: DEPTS - 1 }, (_, i) => `演练部门${i}`)].sort());
  const bound = await rows(w as unknown as PullWorld, "SELECT COUNT(*) AS n FROM bindings WHERE corp_id = ?", [w.corpId]);
  expect(Number(bound[0]!.n)).toBe(people.length);
}, 60_000);
