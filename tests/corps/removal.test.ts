import { afterEach, describe, expect, test } from "bun:test";
import { oaUsers } from "../../src/oa/schema.ts";
import { json, pull, rows, settings, startPullWorld, T, type PullWorld } from "../sync/from-welink/support.ts";

/** Seed: "unbinding WeLink" can also delete the synced departments and people, and always deletes the schedules. */
describe("removing a corp's integration", () => {
  let w: PullWorld;
  afterEach(() => w?.close());

  async function pulledAndBound(): Promise<{ people: number; departments: number; someone: string }> {
    w = await startPullWorld({ users: 40, depts: 5 });
    const run = await pull(w);
    const tenantId = String((await rows(w, "SELECT tenant_id FROM corps WHERE id = ?", [w.corpId]))[0]![0]);
    await w.h.deps.db.insert(oaUsers).values({ tenantId, id: "oa-1", account: "oa-1", name: "OA One", active: true });
    const someone = [...w.rs.sb.org.users.keys()][0]!;
    expect((await w.h.call("PUT", `/api/v1/corps/${w.corpId}/bindings/${someone}`, { ...T, body: { oaUserId: "oa-1" } })).status).toBe(200);
    expect((await settings(w, { schedule: { kind: "cron", cron: "0 3 * * *" } })).status).toBe(200);
    return { people: run.people, departments: run.departments, someone };
  }

  const count = async (table: string) => Number((await rows(w, `SELECT count(*) FROM ${table} WHERE corp_id = ?`, [w.corpId]))[0]![0]);

  test("unconfirmed, it changes nothing and states the directory it would take", async () => {
    const { people, departments } = await pulledAndBound();
    const res = await w.h.call("DELETE", `/api/v1/corps/${w.corpId}`, T);
    expect(res.status).toBe(409);
    const body = await json<{ detail: string; impact: Record<string, unknown> }>(res);
    expect(body.impact).toMatchObject({ apps: 1, bindings: 1, people, departments, schedules: [`pull:${w.corpId}`] });
    expect(body.detail).toContain(`${people} people`);
    expect(body.detail).toContain("keepDirectory=true");
    expect(await count("welink_users")).toBe(people);
  });

  test("keepDirectory keeps people, departments, bindings and runs; apps, sync app and schedules go; the corp is disconnected", async () => {
    const { people, departments, someone } = await pulledAndBound();
    const res = await w.h.call("DELETE", `/api/v1/corps/${w.corpId}?confirm=true&keepDirectory=true`, T);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ keptDirectory: true, removed: { apps: 1, bindings: 1, people, departments } });

    const corp = await json<{ enabled: boolean; syncAppId: string | null; disconnectedAt: string | null }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}`, T));
    expect(corp).toMatchObject({ enabled: false, syncAppId: null });
    expect(corp.disconnectedAt).not.toBeNull();
    expect((await json<{ items: unknown[] }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}/apps`, T))).items).toEqual([]);
    expect(w.h.deps.scheduler.names()).not.toContain(`pull:${w.corpId}`);
    expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T))).toMatchObject({ schedule: { kind: "none" } });

    expect(await count("welink_users")).toBe(people);
    expect(await count("welink_depts")).toBe(departments);
    expect(await count("sync_runs")).toBe(1);
    const bindings = await json<{ items: { welinkUserId: string; oaUserId: string }[] }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}/bindings`, T));
    expect(bindings.items).toEqual([expect.objectContaining({ welinkUserId: someone, oaUserId: "oa-1" })]);

    // Nothing can pull any more until an app is added back; enabling again clears the mark.
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T)).status).toBe(409);
    const again = await json<{ disconnectedAt: string | null }>(await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { enabled: true } }));
    expect(again.disconnectedAt).toBeNull();

    const audit = await rows(w, "SELECT action FROM audit_log WHERE target = ?", [`corp:${w.corpId}`]);
    expect(audit.map((r) => r[0])).toContain("corp.disconnect");
  });

  test("by default the directory, bindings and run history go with the corp", async () => {
    await pulledAndBound();
    const res = await w.h.call("DELETE", `/api/v1/corps/${w.corpId}?confirm=true`, T);
    expect(await json(res)).toMatchObject({ keptDirectory: false });
    for (const table of ["welink_users", "welink_depts", "bindings", "sync_runs", "pull_settings"]) expect(await count(table)).toBe(0);
    expect(w.h.deps.scheduler.names()).not.toContain(`pull:${w.corpId}`);
    expect((await w.h.call("GET", `/api/v1/corps/${w.corpId}`, T)).status).toBe(404);
  });
});
