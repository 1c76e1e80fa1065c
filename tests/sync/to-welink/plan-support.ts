import type { Harness } from "../../helpers/harness.ts";
import { syncRuns } from "../../../src/directory/schema.ts";
import { pushItems } from "../../../src/sync/schema.ts";
import type { PlanAction } from "../../../src/sync/to-welink/types.ts";

type Item = { object: "dept" | "user"; action: PlanAction; oaId: string | null; name: string; parentOaId: string | null; depth?: number; desired?: unknown; changes?: unknown; welinkId?: string };

/**
 * A stored push plan written straight into sync_runs / push_items (as the runner would), so the
 * plan's API and pages are tested without a run: HQ › Sales (new) › East (moved), IT (renamed),
 * Old (removed), and people under them — 60 new people in Sales to test the per-department cap.
 */
export async function seedPlan(h: Harness, key: { tenantId: string; corpId: string }, runId = "push-run-1", status: "planned" | "held" = "planned") {
  const now = h.deps.clock.now();
  await h.deps.db.insert(syncRuns).values({ id: runId, ...key, kind: "push", trigger: "manual", status, startedAt: now, finishedAt: now, dryRun: status === "planned", heldReason: status === "held" ? "too many removals" : null });
  const items: Item[] = [
    { object: "dept", action: "match", oaId: "HQ", welinkId: "W1", name: "总部HQ", parentOaId: null, depth: 0 },
    { object: "dept", action: "create", oaId: "SALES", name: "销售部", parentOaId: "HQ", depth: 1, desired: { nameCn: "销售部", orderNo: 1, parent: { deptCode: "W1" } } },
    { object: "dept", action: "move", oaId: "EAST", welinkId: "W3", name: "华东区", parentOaId: "SALES", depth: 2, changes: { parent: ["W1", "SALES"] } },
    { object: "dept", action: "update", oaId: "IT", welinkId: "W2", name: "信息技术部", parentOaId: "HQ", depth: 1, changes: { nameCn: ["研发", "信息技术部"] } },
    { object: "user", action: "match", oaId: "u-boss", welinkId: "w-boss", name: "老板", parentOaId: "HQ" },
    ...Array.from({ length: 60 }, (_, i): Item => ({ object: "user", action: "create", oaId: `u-new-${i}`, name: `新人${i}`, parentOaId: "SALES", desired: { nameCn: `新人${i}`, depts: [{ oaDeptId: "SALES" }] } })),
    { object: "user", action: "update", oaId: "u-it", welinkId: "w-it", name: "工程师", parentOaId: "IT", changes: { position: ["工程师", "架构师"] } },
    { object: "user", action: "skip", oaId: "u-skip", name: "跳过者", parentOaId: "IT" },
    { object: "user", action: "remove", oaId: null, welinkId: "w-gone", name: "离职者", parentOaId: null },
    { object: "dept", action: "remove", oaId: null, welinkId: "W9", name: "旧部门", parentOaId: null, depth: 0 },
  ];
  await h.deps.db.insert(pushItems).values(
    items.map((it, seq) => ({
      runId, seq, tenantId: key.tenantId, object: it.object, action: it.action, oaId: it.oaId, welinkId: it.welinkId ?? null, name: it.name,
      parentOaId: it.parentOaId, depth: it.depth ?? 0, desired: it.desired ? JSON.stringify(it.desired) : null, changes: it.changes ? JSON.stringify(it.changes) : null,
      reason: `because ${it.action}`, updatedAt: now,
    })),
  );
  return { runId, items: items.length };
}
