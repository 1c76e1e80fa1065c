import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { changesOf, countsOf, json, newPerson, pull, rows, settings, startPullWorld, T, type PullWorld, type Run } from "./support.ts";

let w: PullWorld;
beforeEach(async () => {
  w = await startPullWorld();
});
afterEach(() => w.close());

const org = () => w.rs.sb.org;

describe("WeLink → bridge pull", () => {
  test("a first pull brings an empty bridge to exactly WeLink's directory, counts equal to the change log", async () => {
    const run = await pull(w);
    expect(run.status).toBe("ok");
    expect(run.counts).toMatchObject({ added: org().depts.size + org().users.size, removed: 0, failed: 0 });
    expect(countsOf(await changesOf(w, run.id))).toEqual(run.counts);
    expect(Number((await rows(w, "SELECT count(*) FROM welink_users WHERE corp_id = ?", [w.corpId]))[0]![0])).toBe(org().users.size);
    expect(Number((await rows(w, "SELECT count(*) FROM welink_depts WHERE corp_id = ?", [w.corpId]))[0]![0])).toBe(org().depts.size);
    // The corp is read-only: pulling is what read-only allows.
    const history = await json<{ items: Run[] }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}/sync-runs`, T));
    expect(history.items.map((r) => r.id)).toEqual([run.id]);
  });

  test("a second pull logs renames, moves, additions and removals; ids and bindings survive renames and moves", async () => {
    await pull(w);
    const [d1, d2] = [...org().depts.values()].filter((d) => d.parentCode !== "0");
    const [u1, u2, u3] = [...org().users.values()];
    await rows(w, "INSERT INTO bindings (tenant_id, corp_id, welink_user_id, oa_user_id, method, created_at, created_by) SELECT tenant_id, id, ?, 'oa-1', 'admin', 0, 'test' FROM corps WHERE id = ?", [u1!.userId, w.corpId]);
    org().putDept({ ...d1!, deptNameCn: "改名部" });
    org().putDept({ ...d2!, parentCode: "0" });
    org().putUser({ ...u1!, mainDeptCode: d1!.deptCode, deptCodes: [d1!.deptCode], userNameCn: "改名" });
    org().putUser({ ...u2!, position: "CTO" });
    org().removeUser(u3!.userId);
    org().putUser(newPerson(w, u2!, 1));
    const run = await pull(w);
    expect(run.status).toBe("ok");
    expect(run.counts).toEqual({ added: 1, updated: 2, moved: 2, removed: 1, failed: 0 });
    const changes = await changesOf(w, run.id);
    expect(countsOf(changes)).toEqual(run.counts);
    expect(changes.find((c) => c.objectId === d1!.deptCode)).toMatchObject({ action: "update", after: { nameCn: "改名部" } });
    expect(changes.find((c) => c.objectId === u1!.userId)).toMatchObject({ action: "move", before: { mainDeptCode: u1!.mainDeptCode }, after: { mainDeptCode: d1!.deptCode, nameCn: "改名" } });
    const binding = await rows(w, "SELECT oa_user_id FROM bindings WHERE welink_user_id = ?", [u1!.userId]);
    expect(binding[0]?.[0]).toBe("oa-1");
    // Not clearing: the removed person is marked, not deleted.
    const gone = await rows(w, "SELECT removed_at FROM welink_users WHERE user_id = ?", [u3!.userId]);
    expect(gone[0]?.[0]).not.toBeNull();
    // Nothing changed in WeLink: nothing to write.
    expect((await pull(w)).counts).toEqual({ added: 0, updated: 0, moved: 0, removed: 0, failed: 0 });
  });

  test("with 'clear what WeLink no longer has' on, removed people are deleted", async () => {
    expect((await settings(w, { clearMissing: true })).status).toBe(200);
    await pull(w);
    const victim = [...org().users.values()][0]!;
    org().removeUser(victim.userId);
    const run = await pull(w);
    expect(run.counts.removed).toBe(1);
    expect(await rows(w, "SELECT 1 FROM welink_users WHERE user_id = ?", [victim.userId])).toHaveLength(0);
  });

  test("failed pages hold removals: additions and updates apply, the run says why, dismiss keeps everyone", async () => {
    await pull(w);
    const [gone, renamed] = [...org().users.values()];
    org().removeUser(gone!.userId);
    org().putUser({ ...renamed!, position: "Boss" });
    w.rs.sb.faults.errorRates["/api/contact/v1/user/list"] = { rate: 0.25, code: "51019" };
    const run = await pull(w);
    expect(run.status).toBe("held");
    expect(run.heldReason).toContain("failed");
    expect(run.counts.failed).toBeGreaterThan(0);
    const changes = await changesOf(w, run.id);
    expect(countsOf(changes)).toEqual(run.counts);
    expect(changes.filter((c) => c.action === "remove").every((c) => !c.applied)).toBe(true);
    expect((await rows(w, "SELECT removed_at FROM welink_users WHERE user_id = ?", [gone!.userId]))[0]?.[0]).toBeNull();
    // Unread pages look like removals: they cannot be approved, only dismissed.
    const refused = await w.h.call("POST", `/api/v1/sync-runs/${run.id}/approve`, T);
    expect({ status: refused.status, code: (await json<{ code: string }>(refused)).code }).toEqual({ status: 409, code: "RUN_INCOMPLETE" });
    const dismissed = await json<Run>(await w.h.call("POST", `/api/v1/sync-runs/${run.id}/dismiss`, T));
    expect(dismissed.status).toBe("dismissed");
    expect((await rows(w, "SELECT removed_at FROM welink_users WHERE user_id = ?", [gone!.userId]))[0]?.[0]).toBeNull();
    expect((await w.h.call("POST", `/api/v1/sync-runs/${run.id}/approve`, T)).status).toBe(409);
  });

  test("a population fall beyond the threshold holds removals until an admin approves them", async () => {
    await pull(w);
    const leavers = [...org().users.values()].slice(0, Math.ceil(org().users.size * 0.2));
    for (const u of leavers) org().removeUser(u.userId);
    const run = await pull(w);
    expect(run).toMatchObject({ status: "held", counts: { removed: leavers.length } });
    expect(run.heldReason).toContain("People fell");
    const marked = () => rows(w, "SELECT count(*) FROM welink_users WHERE corp_id = ? AND removed_at IS NOT NULL", [w.corpId]);
    expect(Number((await marked())[0]![0])).toBe(0);
    const approved = await json<Run>(await w.h.call("POST", `/api/v1/sync-runs/${run.id}/approve`, T));
    expect(approved.status).toBe("approved");
    expect(Number((await marked())[0]![0])).toBe(leavers.length);
    expect((await changesOf(w, run.id)).filter((c) => c.action === "remove").every((c) => c.applied)).toBe(true);
    const audit = await (await w.h.call("GET", "/api/v1/audit?action=sync.run", T)).text();
    expect(audit).toContain("sync.run.approve");
  });
});

describe("pull rules and API", () => {
  test("a corp without a sync app is refused with a message saying to choose one", async () => {
    const bare = await startPullWorld({ syncApp: false });
    try {
      const res = await bare.h.call("POST", `/api/v1/corps/${bare.corpId}/pull`, T);
      expect(res.status).toBe(409);
      expect(await json(res)).toMatchObject({ code: "SYNC_APP_REQUIRED" });
      expect(((await json<{ detail: string }>(await bare.h.call("POST", `/api/v1/corps/${bare.corpId}/pull`, T))).detail)).toContain("choose one");
    } finally {
      bare.close();
    }
  });

  test("run now answers 202 with the run; a second pull meanwhile is 409; progress is polled until it ends", async () => {
    const started = await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull`, T);
    expect(started.status).toBe(202);
    const run = await json<Run>(started);
    expect(run.status).toBe("running");
    const again = await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull`, T);
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: "PULL_RUNNING" });
    let polled = run;
    for (let i = 0; i < 200 && polled.status === "running"; i++) {
      await Bun.sleep(50);
      polled = await json<Run>(await w.h.call("GET", `/api/v1/sync-runs/${run.id}`, T));
    }
    expect(polled.status).toBe("ok");
  });

  test("another tenant's token sees neither the runs nor the settings", async () => {
    const run = await pull(w);
    const other = await w.h.tenantToken("tenant-x", ["admin"]);
    expect((await w.h.call("GET", `/api/v1/sync-runs/${run.id}`, { token: other })).status).toBe(404);
    expect((await w.h.call("GET", `/api/v1/sync-runs/${run.id}/changes`, { token: other })).status).toBe(404);
    expect((await w.h.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, { token: other })).status).toBe(404);
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, { token: other })).status).toBe(404);
  });

  test("schedules: cron and period register pull:<corpId>, none removes it, a bad cron is refused, removing the corp drops it", async () => {
    const name = `pull:${w.corpId}`;
    expect((await settings(w, { schedule: { kind: "cron", cron: "every day" } })).status).toBe(422);
    const saved = await json<{ schedule: unknown; timezone: string }>(await settings(w, { schedule: { kind: "cron", cron: "0 2 * * *" } }));
    expect(saved).toMatchObject({ schedule: { kind: "cron", cron: "0 2 * * *" }, timezone: "Asia/Shanghai" });
    expect(w.h.deps.scheduler.names()).toContain(name);
    await settings(w, { schedule: { kind: "none" } });
    expect(w.h.deps.scheduler.names()).not.toContain(name);
    const period = await settings(w, { schedule: { kind: "period", firstRunAt: "2026-01-01T09:00:00+08:00", periodMinutes: 90 } });
    expect(await json(period)).toMatchObject({ schedule: { kind: "period", firstRunAt: "2026-01-01T01:00:00.000Z", periodMinutes: 90 } });
    expect(w.h.deps.scheduler.names()).toContain(name);
    expect((await w.h.call("DELETE", `/api/v1/corps/${w.corpId}?confirm=true`, T)).status).toBe(200);
    expect(w.h.deps.scheduler.names()).not.toContain(name);
  });
});
