import { createHash, type Hash } from "node:crypto";
import type { PlanInput } from "./types.ts";

/**
 * A fingerprint of everything a plan is made from, so a stored dry run is applied only while
 * neither side has changed. Lists are sorted (by id, then by content) so that the order a
 * connector or the database happens to return never counts as a change; anything else does.
 */

/** JSON with object keys sorted; undefined properties are left out as JSON.stringify does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonical(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function addList<T>(hash: Hash, name: string, list: readonly T[], idOf: (item: T) => string): void {
  const rows = list.map((item) => [idOf(item), canonical(item)] as const);
  rows.sort(([a, ja], [b, jb]) => (a < b ? -1 : a > b ? 1 : ja < jb ? -1 : ja > jb ? 1 : 0));
  hash.update(`${name} ${rows.length}\n`);
  // One row a line: JSON escapes newlines, so rows cannot run into each other.
  for (const [, json] of rows) hash.update(`${json}\n`);
}

const sorted = (ids: readonly string[]) => [...ids].sort();

export function planDigest(input: PlanInput): string {
  const hash = createHash("sha256");
  const { scope } = input.config;
  // Scope lists are sets; everything else in the config and the rule (e.g. the rule's field order) means something.
  const config = { ...input.config, scope: { depts: sorted(scope.depts), include: sorted(scope.include), exclude: sorted(scope.exclude) } };
  hash.update(`config ${canonical(config)}\nrule ${canonical(input.rule)}\n`);
  addList(hash, "oa.depts", input.oa.depts, (d) => d.id);
  addList(hash, "oa.users", input.oa.users, (u) => u.id);
  addList(hash, "welink.depts", input.welink.depts, (d) => d.deptCode);
  addList(hash, "welink.users", input.welink.users, (u) => u.userId);
  addList(hash, "deptBindings", input.deptBindings, (b) => `${b.deptCode}\n${b.oaDeptId}`);
  addList(hash, "userBindings", input.userBindings, (b) => `${b.welinkUserId}\n${b.oaUserId}`);
  return hash.digest("hex");
}
