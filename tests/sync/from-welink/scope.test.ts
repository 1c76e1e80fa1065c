import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Dept, User } from "../../../src/sandbox/welink/model.ts";
import { changesOf, json, pull, rows, settings, startPullWorld, T, type PullWorld } from "./support.ts";

let w: PullWorld;
beforeEach(async () => {
  w = await startPullWorld({ users: 160, depts: 14 });
});
afterEach(() => w.close());

const org = () => w.rs.sb.org;

/** Codes of `root` and every department under it, in the sandbox. */
function subtree(root: string): Set<string> {
  const out = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of org().depts.values()) if (out.has(d.parentCode) && !out.has(d.deptCode)) (out.add(d.deptCode), (grew = true));
  }
  return out;
}

/** The smallest first-level department with at least 3 people whose departments all lie inside it. */
function pickScope(): { root: Dept; inside: Set<string>; insiders: User[]; outsiders: User[] } {
  const tops = [...org().depts.values()].filter((d) => d.parentCode === "0");
  const options = tops.map((root) => {
    const inside = subtree(root.deptCode);
    const users = [...org().users.values()];
    return { root, inside, insiders: users.filter((u) => u.deptCodes.every((c) => inside.has(c))), outsiders: users.filter((u) => u.deptCodes.every((c) => !inside.has(c))) };
  });
  return options.filter((o) => o.insiders.length >= 3).sort((a, b) => a.insiders.length - b.insiders.length)[0]!;
}

const removedAt = async (table: "welink_users" | "welink_depts", key: string, id: string) =>
  rows(w, `SELECT removed_at FROM ${table} WHERE corp_id = ? AND ${key} = ?`, [w.corpId, id]);

describe("pull scope", () => {
  test("a pull scoped to one subtree reads only it and clears only inside it; the switches for people and departments are separate", async () => {
    expect((await pull(w)).status).toBe("ok");
    const s = pickScope();
    expect(s.insiders.length).toBeGreaterThan(2);
    // Under the last good run's whole-directory counts this scope alone would read as a fall far beyond 50%.
    expect(s.insiders.length).toBeLessThan(org().users.size * 0.5);
    const saved = await settings(w, { deptCodes: [s.root.deptCode], clearMissingPeople: true, clearMissingDepts: false, shrinkThreshold: 50 });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ deptCodes: [s.root.deptCode], clearMissingPeople: true, clearMissingDepts: false });

    const [goneIn, renamedIn] = s.insiders;
    const [goneOut, renamedOut] = s.outsiders;
    const leafIn = [...s.inside].map((c) => org().depts.get(c)!).find((d) => d.deptCode !== s.root.deptCode && org().childCount(d.deptCode) === 0);
    const deptOut = [...org().depts.values()].find((d) => !s.inside.has(d.deptCode) && org().childCount(d.deptCode) === 0)!;
    org().removeUser(goneIn!.userId);
    org().removeUser(goneOut!.userId);
    org().putUser({ ...renamedIn!, userNameCn: "范围内改名" });
    org().putUser({ ...renamedOut!, userNameCn: "范围外改名" });
    if (leafIn) org().removeDept(leafIn.deptCode);
    org().removeDept(deptOut.deptCode);

    const run = await pull(w);
    // The scope is far smaller than the whole directory: the gate compares it with the mirror's same scope, so nothing is held.
    expect([run.status, run.heldReason]).toEqual(["ok", null]);
    expect(run.people).toBeLessThan(org().users.size);
    const changes = await changesOf(w, run.id);
    expect(changes.find((c) => c.objectId === renamedIn!.userId)).toMatchObject({ action: "update", after: { nameCn: "范围内改名" } });
    // Outside the scope nothing was read: no rename, no removal.
    expect(changes.some((c) => c.objectId === renamedOut!.userId || c.objectId === goneOut!.userId || c.objectId === deptOut.deptCode)).toBe(false);
    // People: cleared (deleted) inside the scope; the person gone outside it stays as the mirror had them.
    expect(await removedAt("welink_users", "user_id", goneIn!.userId)).toHaveLength(0);
    expect((await removedAt("welink_users", "user_id", goneOut!.userId))[0]?.[0]).toBeNull();
    // Departments: their switch is off, so the one gone inside the scope is only marked; the one outside is untouched.
    if (leafIn) expect((await removedAt("welink_depts", "dept_code", leafIn.deptCode))[0]?.[0]).not.toBeNull();
    expect((await removedAt("welink_depts", "dept_code", deptOut.deptCode))[0]?.[0]).toBeNull();
  });

  test("the department switch alone deletes departments and only marks people", async () => {
    await pull(w);
    await settings(w, { clearMissingDepts: true, clearMissingPeople: false });
    const person = [...org().users.values()][0]!;
    const leaf = [...org().depts.values()].find((d) => d.parentCode !== "0" && org().childCount(d.deptCode) === 0)!;
    org().removeUser(person.userId);
    org().removeDept(leaf.deptCode);
    expect((await pull(w)).status).toBe("ok");
    expect((await removedAt("welink_users", "user_id", person.userId))[0]?.[0]).not.toBeNull();
    expect(await removedAt("welink_depts", "dept_code", leaf.deptCode)).toHaveLength(0);
  });

  test("the held-run rule counts the scope: a fall inside it holds removals even when the directory as a whole barely shrinks", async () => {
    await pull(w);
    const s = pickScope();
    await settings(w, { deptCodes: [s.root.deptCode], shrinkThreshold: 10 });
    const leavers = s.insiders.slice(0, Math.ceil(s.insiders.length * 0.5));
    for (const u of leavers) org().removeUser(u.userId);
    const run = await pull(w);
    expect(run).toMatchObject({ status: "held", counts: { removed: leavers.length } });
    expect(run.heldReason).toContain("People fell");
  });

  test("the old single switch sets both; a department outside the mirror is refused; nested choices collapse; null is everything", async () => {
    await pull(w);
    expect(await json(await settings(w, { clearMissing: true }))).toMatchObject({ clearMissingDepts: true, clearMissingPeople: true, deptCodes: null });
    expect(await json(await settings(w, { clearMissing: true, clearMissingPeople: false }))).toMatchObject({ clearMissingDepts: true, clearMissingPeople: false });
    const bad = await settings(w, { deptCodes: ["no-such-dept"] });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("no-such-dept");
    expect((await settings(w, { deptCodes: [] })).status).toBe(422);
    const child = [...org().depts.values()].find((d) => d.parentCode !== "0")!;
    const parent = org().depts.get(child.parentCode)!;
    expect(await json(await settings(w, { deptCodes: [child.deptCode, parent.deptCode] }))).toMatchObject({ deptCodes: [parent.deptCode] });
    expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T))).toMatchObject({ deptCodes: [parent.deptCode] });
    expect(await json(await settings(w, { deptCodes: null }))).toMatchObject({ deptCodes: null });
    const audit = await (await w.h.call("GET", "/api/v1/audit?action=pull.settings.save", T)).text();
    expect(audit).toContain("deptCodes");
  });
});
