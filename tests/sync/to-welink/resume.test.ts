import { afterEach, describe, expect, test } from "bun:test";
import { AppError } from "../../../src/kernel/errors.ts";
import { createDept as sandboxCreateDept } from "../../../src/sandbox/welink/dept-ops.ts";
import { resumePushRuns } from "../../../src/sync/to-welink/sync.ts";
import { json, rows } from "../from-welink/support.ts";
import { asPull, duplicates, expectCountsMatchLog, oaDept, push, pushSettings, putOa, seeded, startPushWorld, welinkDept, type PushWorld } from "./support.ts";

let world: PushWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

describe("OA → WeLink push: failures and restarts", () => {
  test("a department WeLink keeps refusing is set aside after 5 attempts, and its people with it, without calls", async () => {
    const w = (world = await seeded());
    w.rs.sb.faults.errorRates = { "/api/contact/v1/department/create": { rate: 1, code: "47004" } };
    const run = await push(w);
    // Not 成功: a run that set items aside completed with failures.
    expect(run.status).toBe("partial");
    const items = await rows(asPull(w), "SELECT oa_id, state, attempts, error FROM push_items WHERE run_id = ? AND state = 'set_aside' ORDER BY seq", [run.id]);
    expect(items.map((i) => [i.oa_id, i.attempts])).toEqual([["DB", 5], ["U2", 0], ["U3", 0]]);
    expect(String(items[1]!.error)).toContain("部门B");
    const creates = (await fetch(`${w.rs.baseUrl}/_sandbox/calls?path=/api/contact/v1/user/create`).then((r) => r.json())) as { total: number };
    expect(creates.total).toBe(1);
    expect(run.counts).toMatchObject({ added: 1, failed: 3 });
    await expectCountsMatchLog(w, run);
  });


  test("a planner refusal fails the run with its message", async () => {
    const w = (world = await startPushWorld());
    welinkDept(w.rs.sb, "别的公司");
    await putOa(w, [oaDept("D0", "演示部门", null)], []);
    const err = await push(w).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("TOP_LEVEL_MISMATCH");
    const [run] = await rows(asPull(w), "SELECT status, error FROM sync_runs WHERE kind = 'push'");
    expect(run!.status).toBe("failed");
    expect(String(run!.error)).toContain("演示部门");
  });


  test("a run interrupted after a create reached WeLink resumes without a duplicate; one without a stored plan fails", async () => {
    const w = (world = await seeded());
    const planned = await push(w, true);
    const sql = (q: string, args: (string | number)[] = []) => rows(asPull(w), q, args);
    // As if the bridge died between WeLink's answer and its own commit: 部门B exists, its item is "started".
    const [b] = await sql("SELECT seq FROM push_items WHERE run_id = ? AND oa_id = 'DB'", [planned.id]);
    const top = [...w.rs.sb.org.depts.values()].find((d) => d.deptNameCn === "演示部门")!;
    sandboxCreateDept(w.rs.sb, { deptNameCn: "部门B", parentCode: top.deptCode, corpDeptCode: "DB" });
    await sql("UPDATE push_items SET state = 'started', attempts = 1 WHERE run_id = ? AND seq = ?", [planned.id, Number(b!.seq)]);
    await sql("UPDATE sync_runs SET status = 'running', dry_run = 0 WHERE id = ?", [planned.id]);
    await sql("INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES ('early', ?, ?, 'push', 'manual', 'running', 0)", [w.tenantId, w.corpId]);
    expect(await resumePushRuns(w.h.deps)).toBe(1);
    const status = async (id: string) => String((await sql("SELECT status FROM sync_runs WHERE id = ?", [id]))[0]!.status);
    for (let i = 0; i < 100 && (await status(planned.id)) === "running"; i++) await Bun.sleep(50);
    expect(await status(planned.id)).toBe("ok");
    // Stored as a catalog code, said in the reader's language: the API gives its English and the code.
    expect(JSON.parse(String((await sql("SELECT error FROM sync_runs WHERE id = 'early'"))[0]!.error))).toEqual({ code: "PUSH_INTERRUPTED", params: {} });
    const early = await json<{ error: string; errorCode: string }>(await w.h.call("GET", "/api/v1/sync-runs/early", { tenant: "default" }));
    expect(early).toMatchObject({ error: "interrupted before its plan was stored; run it again", errorCode: "PUSH_INTERRUPTED" });
    expect(await status("early")).toBe("failed");
    expect(duplicates(w.rs.sb)).toEqual({ depts: [], users: [] });
    expect([...w.rs.sb.org.users.values()].map((u) => u.corpUserId).sort()).toEqual(["U1", "U2", "U3"]);
    const dup = (await (await fetch(`${w.rs.baseUrl}/_sandbox/calls?path=/api/contact/v1/department/create`)).json()) as { calls: { code?: string }[] };
    expect(dup.calls.map((c) => c.code)).toEqual(["47007"]);
  });

  test("a WeLink outage during the writes stops the run instead of setting everything aside", async () => {
    const w = (world = await seeded());
    w.rs.sb.faults.errorRates = { "/api/contact/v1/department/create": { rate: 1, code: "http500" } };
    const err = await push(w).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("WELINK_UNAVAILABLE");
    const [run] = await rows(asPull(w), "SELECT id, status FROM sync_runs WHERE kind = 'push'");
    expect(run!.status).toBe("failed");
    const states = await rows(asPull(w), "SELECT oa_id, state FROM push_items WHERE run_id = ? AND state NOT IN ('done', 'skipped') ORDER BY seq", [String(run!.id)]);
    expect(states.map((s) => [s.oa_id, s.state])).toEqual([["DB", "failed"], ["U1", "planned"], ["U2", "planned"], ["U3", "planned"]]);
    expect(w.rs.sb.org.users.size).toBe(0);
  });

  test("a removal WeLink answers 'not found' for counts as done", async () => {
    const w = (world = await seeded());
    await push(w);
    const u3 = w.rs.sb.org.userByCorpId("U3")!;
    w.rs.sb.org.removeUser(u3.userId);
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U3"] } });
    const run = await push(w);
    expect(run).toMatchObject({ status: "ok", counts: { removed: 1, failed: 0 } });
    expect(await rows(asPull(w), "SELECT * FROM bindings WHERE welink_user_id = ?", [u3.userId])).toEqual([]);
    await expectCountsMatchLog(w, run);
  });
});
