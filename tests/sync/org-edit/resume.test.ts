import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createDept } from "../../../src/sandbox/welink/dept-ops.ts";
import { planEdit } from "../../../src/sync/org-edit/plan.ts";
import { resumeEditRuns } from "../../../src/sync/org-edit/resume.ts";
import type { DeptDesired } from "../../../src/sync/to-welink/types.ts";
import { itemRow } from "../../../src/sync/to-welink/store.ts";
import { pushItems } from "../../../src/sync/schema.ts";
import { json, rows, T } from "../from-welink/support.ts";
import { asPull, duplicates, startPushWorld, type PushWorld } from "../to-welink/support.ts";

/** An edit the process died in the middle of continues from its journal at start, without a double write. */
let w: PushWorld;
beforeAll(async () => {
  w = await startPushWorld();
});
afterAll(() => w?.close());

describe("organisation edits after a crash", () => {
  test("a create WeLink already made before the crash is found by its corp key, mirrored and audited as the admin's", async () => {
    const { item } = await planEdit(w.h.deps, w.corpId, { op: "createDept", name: "断电部", parentCode: "0" }, "user:admin");
    const corpCode = (item.desired as DeptDesired).corpCode!;
    // The write reached WeLink; the answer never came back.
    const made = createDept(w.rs.sb, { deptNameCn: "断电部", corpDeptCode: corpCode });
    if (!made.ok) throw new Error(made.error.message);
    const now = w.h.deps.clock.now();
    await w.h.deps.database.client.execute({
      sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at, dry_run, plan_digest) VALUES ('crashed-edit', ?, ?, 'edit', 'manual', 'running', ?, 0, 'edit')",
      args: [w.tenantId, w.corpId, now],
    });
    const row = { ...itemRow("crashed-edit", w.tenantId, 0, item, now), state: "started" as const, attempts: 1 };
    await w.h.deps.db.insert(pushItems).values(row);

    expect(await resumeEditRuns(w.h.deps)).toBe(1);
    const [run] = await rows(asPull(w), "SELECT status FROM sync_runs WHERE id = 'crashed-edit'");
    expect(run!.status).toBe("ok");
    const [it] = await rows(asPull(w), "SELECT state, welink_id FROM push_items WHERE run_id = 'crashed-edit'");
    expect(it).toMatchObject({ state: "done", welink_id: made.value.deptCode });
    expect(duplicates(w.rs.sb).depts).toEqual([]);
    const [mirrored] = await rows(asPull(w), "SELECT name_cn, corp_dept_code FROM welink_depts WHERE corp_id = ? AND dept_code = ?", [w.corpId, made.value.deptCode]);
    expect(mirrored).toMatchObject({ name_cn: "断电部", corp_dept_code: corpCode });
    const audit = await json<{ items: { action: string; actor: string }[] }>(await w.h.call("GET", "/api/v1/audit?action=org.&limit=10", T));
    expect(audit.items.map((a) => [a.action, a.actor])).toEqual([["org.dept.create", "user:admin"]]);
  });
});
