import { describe, expect, test } from "bun:test";
import { countChanges, diffDepts, diffUsers, healthProblem, type DeptRecord, type UserRecord } from "../../../src/sync/from-welink/diff.ts";
import { eta } from "../../../src/sync/from-welink/progress.ts";
import { periodDue } from "../../../src/sync/corp-schedule.ts";
import { render, type Said } from "../../../src/kernel/said.ts";

const dept = (code: string, o: Partial<DeptRecord> = {}): DeptRecord => ({
  deptCode: code, corpDeptCode: null, parentCode: "0", nameCn: `D${code}`, nameEn: null, orderNo: 0, removedAt: null, ...o,
});
const user = (id: string, o: Partial<UserRecord> = {}): UserRecord => ({
  userId: id, corpUserId: null, nameCn: id, nameEn: null, mobile: null, email: null, employeeId: null, position: null,
  mainDeptCode: "1", deptCodes: '["1"]', status: 3, removedAt: null, ...o,
});
const map = <R extends { deptCode?: string; userId?: string }>(rs: R[]) => new Map(rs.map((r) => [(r.deptCode ?? r.userId)!, r]));

describe("pull diff", () => {
  test("adds, renames (update), moves (parent changed) and removals by immutable id, with only changed fields", () => {
    const current = map([dept("1"), dept("2"), dept("3")]);
    const fetched = map([dept("1", { nameCn: "Renamed" }), dept("2", { parentCode: "1" }), dept("4")]);
    const changes = diffDepts(current, fetched, 99);
    expect(changes.map((c) => [c.action, c.id])).toEqual([["update", "1"], ["move", "2"], ["add", "4"], ["remove", "3"]]);
    expect(changes[0]).toMatchObject({ before: { nameCn: "D1" }, after: { nameCn: "Renamed" } });
    expect(changes[1]).toMatchObject({ before: { parentCode: "0" }, after: { parentCode: "1" } });
    expect(changes[3]!.after).toEqual({ removedAt: 99 });
  });

  test("a person whose main department changed is moved; other field changes are updates; unchanged is nothing", () => {
    const current = map([user("a"), user("b"), user("c")]);
    const fetched = map([user("a", { mainDeptCode: "2", deptCodes: '["2"]' }), user("b", { mobile: "+86-1" }), user("c")]);
    const changes = diffUsers(current, fetched, 1);
    expect(changes.map((c) => [c.action, c.id])).toEqual([["move", "a"], ["update", "b"]]);
    expect(changes[0]!.after).toEqual({ mainDeptCode: "2", deptCodes: '["2"]' });
  });

  test("an object already marked removed stays quiet while absent, and comes back as an update", () => {
    const current = map([user("gone", { removedAt: 5 }), user("back", { removedAt: 5 })]);
    const changes = diffUsers(current, map([user("back")]), 9);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: "update", id: "back", before: { removedAt: 5 }, after: { removedAt: null } });
  });

  test("counts are taken from the changes themselves", () => {
    expect(countChanges([{ action: "add" }, { action: "add" }, { action: "move" }, { action: "fail" }])).toEqual({ added: 2, updated: 0, moved: 1, removed: 0, failed: 1 });
  });
});

describe("health gate", () => {
  const base = { users: 100, depts: 10, lastUsers: 100, lastDepts: 10, thresholdPct: 10 };
  const en = (s: Said | null) => s && render(s, "en");
  test("any failed page holds removals", () => {
    expect(healthProblem(1, base)).toEqual({ code: "held.pagesFailed", params: { count: 1 } });
    expect(en(healthProblem(1, base))).toContain("1 page(s) failed");
    expect(render(healthProblem(1, base)!, "zh-CN")).toContain("有 1 页数据没能从 WeLink 读取");
  });
  test("a fall of more than the threshold holds; exactly the threshold does not", () => {
    expect(en(healthProblem(0, { ...base, users: 89 }))).toContain("People fell from 100 to 89");
    expect(render(healthProblem(0, { ...base, users: 89 })!, "zh-CN")).toContain("人数从 100 减少到 89");
    expect(healthProblem(0, { ...base, users: 90 })).toBeNull();
    expect(en(healthProblem(0, { ...base, depts: 8 }))).toContain("Departments fell");
  });
  test("without a last good run there is nothing to compare", () => expect(healthProblem(0, { ...base, users: 1, lastUsers: null, lastDepts: null })).toBeNull());
});

describe("schedules and estimates", () => {
  test("a period schedule is due on firstRunAt + k·period minutes only", () => {
    const first = Date.UTC(2026, 0, 1, 9, 17);
    expect(periodDue(first, 90, first)).toBe(true);
    expect(periodDue(first, 90, first + 90 * 60_000 + 30_000)).toBe(true);
    expect(periodDue(first, 90, first + 60 * 60_000)).toBe(false);
    expect(periodDue(first, 90, first - 90 * 60_000)).toBe(false);
  });
  test("the estimate scales the time spent by what is left", () => {
    expect(eta(1000, 0.25)).toBe(3000);
    expect(eta(1000, 0)).toBeNull();
  });
});
