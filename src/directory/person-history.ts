import { listAuditRows } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import { decodeSaid, type Said, storedText } from "../kernel/said.ts";
import { bindingTarget } from "./bindings.ts";
import * as store from "./browse-store.ts";

/** A person's history on their card: the changes runs made to them, and their binding's audit entries. */

const HISTORY = 100;

export type PersonChange = {
  id: string; runId: string; runKind: string; runTrigger: string; at: string; action: string; before: unknown; after: unknown; applied: boolean;
  /** In English, with its code (null for text stored before codes); the admin says it in its language. */
  reason: string | null; reasonCode: string | null;
};
/** `oa`: the OA person the entry names, as the OA snapshot has them now (null when it names none, or no longer has them). */
export type BindingEvent = { at: string; action: string; actor: string; before: unknown; after: unknown; oa: { id: string; account: string; name: string } | null; oaUserId: string | null };

export const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const field = (x: unknown, key: string): string | null => {
  const v = x !== null && typeof x === "object" ? (x as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : null;
};

/** Binding audit entries are recorded under bindings.ts's `bindingTarget`. */
export async function bindingHistory(deps: Deps, tenantId: string, corpId: string, userId: string): Promise<BindingEvent[]> {
  const target = bindingTarget({ corpId, welinkUserId: userId });
  const rows = (await listAuditRows(deps.db, { tenantId, target, limit: HISTORY })).filter((r) => r.target === target);
  // The store matches targets by substring: only this exact person is kept.
  const events = rows.map((r) => {
    const before = parseJson(r.before);
    const after = parseJson(r.after);
    return { at: new Date(r.at).toISOString(), action: r.action, actor: r.actor, before, after, oaUserId: field(after, "oaUserId") ?? field(before, "oaUserId") };
  });
  const ids = [...new Set(events.flatMap((e) => (e.oaUserId ? [e.oaUserId] : [])))];
  const oa = new Map((await store.oaPeopleByIds(deps.db, tenantId, ids)).map((u) => [u.id, { id: u.id, account: u.account, name: u.name }]));
  return events.map((e) => ({ ...e, oa: (e.oaUserId && oa.get(e.oaUserId)) || null }));
}

/** The person's changes, newest run first, with each stored reason (a Said) for the page. */
export async function personChanges(deps: Deps, corpId: string, userId: string): Promise<{ changes: PersonChange[]; reasons: Map<string, Said> }> {
  const rows = await store.personChangeRows(deps.db, corpId, userId, HISTORY);
  const reasons = new Map<string, Said>();
  const changes = rows.map((c) => {
    const said = decodeSaid(c.change.reason);
    if (said) reasons.set(c.change.id, said);
    const reason = storedText(c.change.reason);
    return {
      id: c.change.id, runId: c.change.runId, runKind: c.runKind, runTrigger: c.runTrigger, at: new Date(c.runStartedAt).toISOString(),
      action: c.change.action, before: parseJson(c.change.before), after: parseJson(c.change.after), applied: c.change.applied,
      reason: reason.text, reasonCode: reason.code,
    };
  });
  return { changes, reasons };
}
