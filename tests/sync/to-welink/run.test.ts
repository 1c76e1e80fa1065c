import { afterEach, describe, expect, test } from "bun:test";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { AppError } from "../../../src/kernel/errors.ts";
import type { Dept } from "../../../src/sandbox/welink/model.ts";
import { applyStoredPlan, approvePushRun } from "../../../src/sync/to-welink/sync.ts";
import { dismissRun } from "../../../src/sync/runs.ts";
import { changesOf, rows } from "../from-welink/support.ts";
import {
  asPull, byCorpCode, ctxOf, duplicates, expectCountsMatchLog, oaDept, oaUser, push, pushSettings, putOa, seeded, startPushWorld, welinkDept, writeCalls, type PushWorld,
} from "./support.ts";

let world: PushWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

const childrenNamed = (w: PushWorld, parentCode: string) => [...w.rs.sb.org.depts.values()].filter((d) => d.parentCode === parentCode).map((d) => d.deptNameCn).sort();

describe("OA → WeLink push", () => {
  test("a read-only corp is refused with a message saying how to allow writes", async () => {
    world = await startPushWorld({ permission: "read-only" });
    const err = await push(world).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("CORP_READ_ONLY");
    expect((err as AppError).status).toBe(409);
    expect((err as AppError).message).toContain("read-write");
  });

  test("the seed example: 部门B is created under the existing 演示部门, nothing is duplicated, bindings are recorded", async () => {
    const w = (world = await seeded());
    const run = await push(w);
    expect(run.status).toBe("ok");
    const tops = [...w.rs.sb.org.depts.values()].filter((d) => d.parentCode === "0");
    expect(tops.map((d) => d.deptNameCn)).toEqual(["演示部门"]);
    expect(childrenNamed(w, tops[0]!.deptCode)).toEqual(["部门A", "部门B"]);
    expect(byCorpCode(w, "DB")?.parentCode).toBe(tops[0]!.deptCode);
    expect(duplicates(w.rs.sb)).toEqual({ depts: [], users: [] });
    const bound = await rows(asPull(w), "SELECT oa_dept_id, method, created_by FROM dept_bindings ORDER BY oa_dept_id");
    expect(bound.map((r) => [r.oa_dept_id, r.method, r.created_by])).toEqual([["D0", "match", "system:push"], ["DA", "match", "system:push"], ["DB", "created", "system:push"]]);
    expect([...w.rs.sb.org.users.values()].map((u) => u.corpUserId).sort()).toEqual(["U1", "U2", "U3"]);
    expect((await rows(asPull(w), "SELECT count(*) AS n FROM bindings"))[0]!.n).toBe(3);
    expect(run.counts).toMatchObject({ added: 4, failed: 0 });
    await expectCountsMatchLog(w, run);
  });

  test("a dry run stores its plan and writes nothing to WeLink", async () => {
    const w = (world = await seeded());
    const run = await push(w, true);
    expect(run.status).toBe("planned");
    expect(run.dryRun).toBe(true);
    expect(await writeCalls(w)).toEqual([]);
    const calls = (await (await fetch(`${w.rs.baseUrl}/_sandbox/calls?limit=50000`)).json()) as { calls: { method: string; path: string }[] };
    expect(calls.calls.filter((c) => c.method !== "GET" && !c.path.startsWith("/api/auth/"))).toEqual([]);
    const items = await rows(asPull(w), "SELECT action, state FROM push_items WHERE run_id = ? ORDER BY seq", [run.id]);
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.every((i) => i.state === "planned" || i.state === "skipped")).toBe(true);
    expect(w.rs.sb.org.users.size).toBe(0);
  });

  test("a stored plan is refused as stale after the OA changed", async () => {
    const w = (world = await seeded());
    const run = await push(w, true);
    await putOa(w, [oaDept("DC", "部门C", "D0")], []);
    const err = await applyStoredPlan(w.h.deps, ctxOf(w), run.id).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("PLAN_STALE");
    expect((await rows(asPull(w), "SELECT status FROM sync_runs WHERE id = ?", [run.id]))[0]!.status).toBe("stale");
    expect(await writeCalls(w)).toEqual([]);
  });

  test("applying a fresh stored plan makes WeLink what the plan promised", async () => {
    const w = (world = await seeded());
    const planned = await push(w, true);
    const started = await applyStoredPlan(w.h.deps, ctxOf(w), planned.id);
    const run = await started.done;
    expect(run.status).toBe("ok");
    const items = await rows(asPull(w), "SELECT object, action, oa_id, welink_id, name, desired, state FROM push_items WHERE run_id = ? ORDER BY seq", [planned.id]);
    for (const it of items) {
      expect(it.state === "done" || it.state === "skipped").toBe(true);
      if (it.object === "dept") {
        const d = w.rs.sb.org.depts.get(String(it.welink_id)) as Dept;
        expect(d.deptNameCn).toBe(String(it.name));
        if (it.action === "create") expect(d.corpDeptCode).toBe(String(it.oa_id));
      } else {
        const u = w.rs.sb.org.users.get(String(it.welink_id))!;
        expect(u.userNameCn).toBe(String(it.name));
        expect(u.corpUserId).toBe(String(it.oa_id));
      }
    }
    await expectCountsMatchLog(w, run);
  });

  test("renames and moves in the OA become updates and moves of the same WeLink departments and people", async () => {
    const w = (world = await seeded());
    await putOa(w, [oaDept("DC", "部门C", "D0")], []);
    expect((await push(w)).status).toBe("ok");
    const b = byCorpCode(w, "DB")!;
    const c = byCorpCode(w, "DC")!;
    const u1 = w.rs.sb.org.userByCorpId("U1")!;
    await putOa(w, [oaDept("DB", "部门B改", "D0"), oaDept("DC", "部门C", "DB")], [oaUser("U1", "张一", "DB", 1)]);
    const run = await push(w);
    expect(run.status).toBe("ok");
    expect(w.rs.sb.org.depts.get(b.deptCode)!.deptNameCn).toBe("部门B改");
    expect(w.rs.sb.org.depts.get(c.deptCode)!.parentCode).toBe(b.deptCode);
    expect(w.rs.sb.org.users.get(u1.userId)!.mainDeptCode).toBe(b.deptCode);
    const changes = await changesOf(asPull(w), run.id);
    expect(changes.filter((x) => x.object === "dept").map((x) => [x.objectId, x.action]).sort()).toEqual([[b.deptCode, "update"], [c.deptCode, "move"]].sort());
    expect(changes.find((x) => x.object === "user")).toMatchObject({ objectId: u1.userId, action: "move" });
    expect(duplicates(w.rs.sb)).toEqual({ depts: [], users: [] });
    await expectCountsMatchLog(w, run);
  });

  test("a bound person leaving the scope is closed in WeLink and unbound", async () => {
    const w = (world = await seeded());
    await push(w);
    const u3 = w.rs.sb.org.userByCorpId("U3")!;
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U3"] } });
    const run = await push(w);
    expect(run.status).toBe("ok");
    expect(run.counts.removed).toBe(1);
    expect(w.rs.sb.org.users.get(u3.userId)!.userStatus).toBe(4);
    expect(await rows(asPull(w), "SELECT * FROM bindings WHERE welink_user_id = ?", [u3.userId])).toEqual([]);
    await expectCountsMatchLog(w, run);
  });

  test("the circuit breaker holds a run before any write, and approving it applies it", async () => {
    const w = (world = await seeded());
    await push(w);
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U1", "U2"] } });
    await fetch(`${w.rs.baseUrl}/_sandbox/calls`, { method: "DELETE" });
    const held = await push(w);
    expect(held.status).toBe("held");
    expect(held.heldReason).toContain("removes 2 people");
    expect(await writeCalls(w)).toEqual([]);
    const run = await (await approvePushRun(w.h.deps, ctxOf(w), held.id)).done;
    expect(run.status).toBe("approved");
    expect(run.counts.removed).toBe(2);
    expect((await rows(asPull(w), "SELECT actor FROM audit_log WHERE action = 'sync.run.approve'")).map((r) => r.actor)).toEqual(["system"]);
    expect((await rows(asPull(w), "SELECT count(*) AS n FROM audit_log WHERE action = 'binding.delete' AND actor = 'system:push'"))[0]!.n).toBe(2);
    for (const id of ["U1", "U2"]) expect(w.rs.sb.org.userByCorpId(id)!.userStatus).toBe(4);
    await expectCountsMatchLog(w, run);
  });

  test("when WeLink cannot be read in full, removals are held (not approvable) and the rest is applied", async () => {
    const clock = frozenClock(Date.now());
    const w = (world = await seeded(clock));
    await push(w);
    const u3 = w.rs.sb.org.userByCorpId("U3")!;
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U3"] } });
    await putOa(w, [], [oaUser("U4", "张四", "DA", 4)]);
    clock.advance(10 * 60_000);
    w.rs.sb.faults.errorRates = { "/api/contact/v1/user/list": { rate: 1, code: "47004" } };
    const run = await push(w);
    expect(run.status).toBe("held");
    expect(run.heldReason).toContain("pull");
    expect(w.rs.sb.org.userByCorpId("U4")).toBeDefined();
    expect(w.rs.sb.org.users.get(u3.userId)!.userStatus).toBe(3);
    expect((await rows(asPull(w), "SELECT state FROM push_items WHERE run_id = ? AND action = 'remove'", [run.id])).map((r) => r.state)).toEqual(["held"]);
    const err = await approvePushRun(w.h.deps, ctxOf(w), run.id).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("RUN_INCOMPLETE");
    expect((await dismissRun(w.h.deps, ctxOf(w), run.id)).status).toBe("dismissed");
    await expectCountsMatchLog(w, run);
  });

  test("a dry run's plan meets the same circuit breaker when it is applied", async () => {
    const w = (world = await seeded());
    await push(w);
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U1", "U2"] } });
    const planned = await push(w, true);
    await fetch(`${w.rs.baseUrl}/_sandbox/calls`, { method: "DELETE" });
    const held = await (await applyStoredPlan(w.h.deps, ctxOf(w), planned.id)).done;
    expect(held).toMatchObject({ id: planned.id, status: "held" });
    expect(await writeCalls(w)).toEqual([]);
    expect((await (await approvePushRun(w.h.deps, ctxOf(w), planned.id)).done).status).toBe("approved");
    for (const id of ["U1", "U2"]) expect(w.rs.sb.org.userByCorpId(id)!.userStatus).toBe(4);
  });
});
