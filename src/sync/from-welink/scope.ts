import type { DeptRecord, UserRecord } from "./diff.ts";

/**
 * What a pull reads and what it may clear. `roots` are the chosen WeLink departments (each with
 * its whole subtree); null is the whole directory. Clearing only ever touches mirror rows inside
 * the scope: what lies outside was not fetched, so its absence from the answer means nothing.
 * Even inside it, a missing row is only removed once WeLink confirms it is gone (confirm.ts):
 * it may have moved out of the scope. Callbacks follow the same scope (callback-apply.ts).
 */
export type PullScope = { roots: string[] | null };
export type ClearRules = { depts: boolean; people: boolean };

/** The pull settings row's two switches; a row saved before the split has one for both. */
export const clearRulesOf = (row: { clearMissing: boolean; clearMissingPeople: boolean | null } | undefined): ClearRules => ({
  depts: row?.clearMissing ?? false,
  people: row?.clearMissingPeople ?? row?.clearMissing ?? false,
});

export function rootsOf(row: { pullDeptCodes: string | null } | undefined): string[] | null {
  if (!row?.pullDeptCodes) return null;
  const codes = JSON.parse(row.pullDeptCodes) as unknown;
  return Array.isArray(codes) && codes.length > 0 ? codes.map(String) : null;
}

/** True when `code`, by the parent links in `tree`, is one of `roots` or lies under one. */
function under(code: string, roots: ReadonlySet<string>, tree: ReadonlyMap<string, { parentCode: string }>): boolean {
  const seen = new Set<string>();
  for (let c: string | undefined = code; c !== undefined && !seen.has(c); c = tree.get(c)?.parentCode) {
    if (roots.has(c)) return true;
    seen.add(c);
  }
  return false;
}

/** The chosen codes without those already inside another chosen subtree (by the mirror's tree), sorted. */
export function normalizeRoots(codes: string[], tree: ReadonlyMap<string, { parentCode: string }>): string[] {
  const all = new Set(codes);
  return [...all].filter((c) => !under(tree.get(c)?.parentCode ?? "", all, tree)).sort();
}

/**
 * The mirror rows a scoped pull answers for. A department is in scope when the mirror or the
 * answer puts it under a chosen root. A person is in scope only when every department of theirs
 * is: someone also in an unpulled department may still exist there, so they are never cleared
 * for missing from a pull that could not see them.
 */
export function mirrorInScope(
  scope: PullScope,
  mirror: { depts: ReadonlyMap<string, DeptRecord>; users: ReadonlyMap<string, UserRecord> },
  fetchedDepts: ReadonlyMap<string, DeptRecord>,
): { depts: Map<string, DeptRecord>; users: Map<string, UserRecord> } {
  if (scope.roots === null) return { depts: new Map(mirror.depts), users: new Map(mirror.users) };
  const roots = new Set(scope.roots);
  const depts = new Map([...mirror.depts].filter(([code]) => fetchedDepts.has(code) || under(code, roots, mirror.depts)));
  const users = new Map(
    [...mirror.users].filter(([, u]) => {
      const codes = deptsOf(u);
      return codes.length > 0 && codes.every((c) => depts.has(c) || fetchedDepts.has(c));
    }),
  );
  return { depts, users };
}

function deptsOf(u: UserRecord): string[] {
  let codes: string[] = [];
  try {
    codes = (JSON.parse(u.deptCodes) as unknown[]).map(String);
  } catch {
    codes = [];
  }
  return u.mainDeptCode && !codes.includes(u.mainDeptCode) ? [...codes, u.mainDeptCode] : codes;
}

/** Live (not marked removed) rows: the population the health gate compares a scoped pull against. */
export const liveCount = (m: ReadonlyMap<string, { removedAt: number | null }>) => [...m.values()].filter((r) => r.removedAt === null).length;

/** A department, by the parent links in `tree`, lies in the scope (always, for the whole directory). */
export const deptInScope = (scope: PullScope, code: string, tree: ReadonlyMap<string, { parentCode: string }>) =>
  scope.roots === null || under(code, new Set(scope.roots), tree);

/**
 * A person lies in the scope when any department of theirs does: a scoped pull lists the members
 * of every department in it, so that is whom it would add.
 */
export const userInScope = (scope: PullScope, u: UserRecord, tree: ReadonlyMap<string, { parentCode: string }>) =>
  scope.roots === null || deptsOf(u).some((c) => deptInScope(scope, c, tree));
