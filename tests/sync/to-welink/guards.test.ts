import { describe, expect, test } from "bun:test";
import { render, say } from "../../../src/kernel/said.ts";
import { guardVerdict, removalLimit } from "../../../src/sync/to-welink/guards.ts";
import { countItems } from "../../../src/sync/to-welink/plan.ts";
import { DEFAULT_FIELD_MAPPING, type GuardInput, type Plan, type PlanItem, type PushConfig } from "../../../src/sync/to-welink/types.ts";

const config = (o: Partial<PushConfig> = {}): PushConfig => ({
  topDeptCode: null, addNewPeople: true, fieldMapping: DEFAULT_FIELD_MAPPING, includePartTime: false,
  scope: { depts: [], include: [], exclude: [] }, removalMode: "close", decreaseThreshold: null,
  breaker: { usersMax: 50, usersPct: 10, deptsMax: 5, deptsPct: 10 }, ...o,
});
const removal = (object: "dept" | "user"): PlanItem => ({
  object, action: "remove", oaId: null, welinkId: "w", name: "x", parentOaId: null, depth: 0, desired: null, changes: null, reason: "gone", why: { code: "dept.gone" },
});
const plan = (o: { userRemovals?: number; deptRemovals?: number; inScope?: number; boundPeople?: number; boundDepts?: number } = {}): Plan => {
  const items = [...Array.from({ length: o.userRemovals ?? 0 }, () => removal("user")), ...Array.from({ length: o.deptRemovals ?? 0 }, () => removal("dept"))];
  return { items, counts: countItems(items), oaPeopleInScope: o.inScope ?? 100, boundPeople: o.boundPeople ?? 100, boundDepts: o.boundDepts ?? 10 };
};
const guard = (o: Partial<GuardInput> = {}): GuardInput => ({ plan: plan(), config: config(), healthProblem: null, lastGoodOaPeople: null, ...o });

describe("push guards", () => {
  test("a plan with nothing alarming goes", () => {
    expect(guardVerdict(guard())).toEqual({ kind: "go" });
  });

  test("holds when the OA lost more people in scope than the threshold since the last good run, naming the numbers", () => {
    const verdict = guardVerdict(guard({ plan: plan({ inScope: 80 }), lastGoodOaPeople: 100, config: config({ decreaseThreshold: 10 }) }));
    expect(verdict.kind).toBe("hold");
    if (verdict.kind !== "hold") throw new Error("not held");
    expect(verdict.reason).toEqual({ code: "push.held.decrease", params: { now: 80, drop: 20, last: 100, threshold: 10 } });
    expect(render(verdict.reason, "en")).toMatch(/80.*20.*100.*10/);
    expect(render(verdict.reason, "zh-CN")).toMatch(/OA 同步范围内有 80 人.*少了 20 人.*阈值 10/);
  });

  test("a decrease within the threshold, an unset threshold or no last good run does not hold", () => {
    expect(guardVerdict(guard({ plan: plan({ inScope: 90 }), lastGoodOaPeople: 100, config: config({ decreaseThreshold: 10 }) })).kind).toBe("go");
    expect(guardVerdict(guard({ plan: plan({ inScope: 10 }), lastGoodOaPeople: 100 })).kind).toBe("go");
    expect(guardVerdict(guard({ plan: plan({ inScope: 10 }), config: config({ decreaseThreshold: 1 }) })).kind).toBe("go");
  });

  test("the breaker limit is the smaller of the cap and the share of bound, but at least one", () => {
    expect(removalLimit(50, 10, 1000)).toBe(50);
    expect(removalLimit(50, 10, 200)).toBe(20);
    expect(removalLimit(50, 10, 5)).toBe(1);
    expect(removalLimit(0, 10, 1000)).toBe(0);
  });

  test("holds when people removals exceed the breaker, naming the count and the limit", () => {
    expect(guardVerdict(guard({ plan: plan({ userRemovals: 10 }) })).kind).toBe("go");
    const verdict = guardVerdict(guard({ plan: plan({ userRemovals: 11 }) }));
    expect(verdict).toEqual({ kind: "hold", reason: { code: "push.held.users", params: { count: 11, limit: 10 } } });
    if (verdict.kind === "hold") expect([render(verdict.reason, "en"), render(verdict.reason, "zh-CN")]).toEqual([expect.stringMatching(/11 people.*limit of 10/), expect.stringMatching(/移除 11 人，超过了上限 10/)]);
  });

  test("a small org may lose one person or department without tripping the breaker", () => {
    expect(guardVerdict(guard({ plan: plan({ userRemovals: 1, deptRemovals: 1, boundPeople: 3, boundDepts: 2 }) })).kind).toBe("go");
    expect(guardVerdict(guard({ plan: plan({ deptRemovals: 2, boundDepts: 2 }) }))).toEqual({ kind: "hold", reason: { code: "push.held.depts", params: { count: 2, limit: 1 } } });
  });

  test("the decrease threshold is reported before the breaker", () => {
    const verdict = guardVerdict(guard({ plan: plan({ inScope: 10, userRemovals: 90 }), lastGoodOaPeople: 100, config: config({ decreaseThreshold: 5 }) }));
    expect(verdict.kind === "hold" && verdict.reason.code).toBe("push.held.decrease");
  });

  test("a health problem holds only removals, and only when the plan has some", () => {
    const problem = say("push.health.pullPages", { count: 2 });
    expect(guardVerdict(guard({ healthProblem: problem }))).toEqual({ kind: "go" });
    expect(guardVerdict(guard({ healthProblem: problem, plan: plan({ userRemovals: 1 }) }))).toEqual({ kind: "removalsOnly", reason: problem });
    expect(guardVerdict(guard({ healthProblem: problem, plan: plan({ userRemovals: 30 }) })).kind).toBe("hold");
  });
});
