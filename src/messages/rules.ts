import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Conn, inTransaction } from "../kernel/db/client.ts";
import { errors, type FieldError } from "../kernel/errors.ts";
import { newId } from "../kernel/ids.ts";
import { findApp, findCorp, tenantOf } from "../corps/index.ts";
import { NewPushRule, PushRulePatch, type PushRuleView, type RuleTarget } from "./message-input.ts";
import * as store from "./rules-store.ts";

export const ALL_SOURCES_WARNING = "All sources also sends approvals, attendance and every other source the OA sends.";

export function ruleView(r: store.PushRuleRow): PushRuleView {
  const { sources, targets } = store.routableOf(r);
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    sources,
    targets,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    ...(sources.includes("*") ? { warning: ALL_SOURCES_WARNING } : {}),
  };
}

const auditOf = (v: PushRuleView) => ({ name: v.name, enabled: v.enabled, sources: v.sources, targets: v.targets });

/** The rule, if it is this tenant's; another tenant's rule does not exist for the caller. */
async function ruleRowOf(db: Conn, ctx: Ctx, ruleId: string): Promise<store.PushRuleRow> {
  const row = await store.findRuleRow(db, tenantOf(ctx).id, ruleId);
  if (!row) throw errors.notFound("pushRule", ruleId);
  return row;
}

/** Every target's corp and app must be this tenant's, and the app must belong to the corp. */
async function checkTargets(db: Conn, tenantId: string, targets: readonly RuleTarget[]): Promise<void> {
  const problems: FieldError[] = [];
  for (const [i, t] of targets.entries()) {
    const corp = await findCorp(db, tenantId, t.corpId);
    if (!corp) {
      problems.push({ path: `body.targets.${i}.corpId`, message: `no enterprise '${t.corpId}' in this tenant` });
      continue;
    }
    const app = await findApp(db, tenantId, t.appId);
    if (!app) problems.push({ path: `body.targets.${i}.appId`, message: `no app '${t.appId}' in this tenant` });
    else if (app.corpId !== corp.id) problems.push({ path: `body.targets.${i}.appId`, message: `app '${t.appId}' belongs to another enterprise than '${t.corpId}'` });
  }
  if (problems.length > 0) throw errors.validation(problems);
}

export async function listPushRules(deps: Deps, ctx: Ctx): Promise<PushRuleView[]> {
  return (await store.listRuleRows(deps.db, tenantOf(ctx).id)).map(ruleView);
}

export async function getPushRule(deps: Deps, ctx: Ctx, ruleId: string): Promise<PushRuleView> {
  return ruleView(await ruleRowOf(deps.db, ctx, ruleId));
}

export async function createPushRule(deps: Deps, ctx: Ctx, raw: NewPushRule): Promise<PushRuleView> {
  const input = NewPushRule.parse(raw);
  const tenantId = tenantOf(ctx).id;
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    await checkTargets(tx, tenantId, input.targets);
    const row: store.PushRuleRow = {
      id: newId(), tenantId, name: input.name, enabled: input.enabled,
      sources: JSON.stringify(input.sources), targets: JSON.stringify(input.targets), createdAt: now, updatedAt: now,
    };
    await store.insertRuleRow(tx, row);
    const view = ruleView(row);
    await recordAudit(tx, now, ctx, { action: "push.rule.create", target: `push-rule:${row.id}`, after: auditOf(view) });
    return view;
  });
}

export async function updatePushRule(deps: Deps, ctx: Ctx, ruleId: string, raw: PushRulePatch): Promise<PushRuleView> {
  const patch = PushRulePatch.parse(raw);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const before = await ruleRowOf(tx, ctx, ruleId);
    if (patch.targets) await checkTargets(tx, before.tenantId, patch.targets);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.sources ? { sources: JSON.stringify(patch.sources) } : {}),
      ...(patch.targets ? { targets: JSON.stringify(patch.targets) } : {}),
      updatedAt: now,
    };
    await store.updateRuleRow(tx, before.id, set);
    const after = ruleView({ ...before, ...set });
    await recordAudit(tx, now, ctx, { action: "push.rule.update", target: `push-rule:${before.id}`, before: auditOf(ruleView(before)), after: auditOf(after) });
    return after;
  });
}

/** Deletes the rule; deliveries already queued by it stay (they carry its id). */
export async function deletePushRule(deps: Deps, ctx: Ctx, ruleId: string): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const before = await ruleRowOf(tx, ctx, ruleId);
    await store.deleteRuleRow(tx, before.id);
    await recordAudit(tx, now, ctx, { action: "push.rule.delete", target: `push-rule:${before.id}`, before: auditOf(ruleView(before)) });
  });
}
