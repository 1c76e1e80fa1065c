import { describe, expect, test } from "bun:test";
import { countByStatus, matchingRules, planDeliveries, targetsOf, todoKeyOf, type RoutableRule } from "../../src/messages/routing.ts";

const rule = (id: string, sources: string[], targets: RoutableRule["targets"], enabled = true): RoutableRule => ({ id, enabled, sources, targets });
const card = { corpId: "c1", appId: "a1", type: "card" as const };
const todo = { corpId: "c2", appId: "a2", type: "todo" as const };

describe("routing", () => {
  test("enabled rules naming the source or '*' match; disabled ones and other sources do not", () => {
    const rules = [rule("r1", ["approval"], [card]), rule("r2", ["*"], [todo]), rule("r3", ["notice"], [card]), rule("r4", ["approval"], [card], false)];
    expect(matchingRules(rules, "approval").map((r) => r.id)).toEqual(["r1", "r2"]);
    expect(matchingRules(rules, "attendance").map((r) => r.id)).toEqual(["r2"]);
    expect(matchingRules([], "approval")).toEqual([]);
  });

  test("the same target named by two rules is delivered once, for the first rule", () => {
    const targets = targetsOf([rule("r1", ["*"], [card, todo]), rule("r2", ["*"], [card, { ...card, type: "todo" }])]);
    expect(targets.map((t) => `${t.ruleId}:${t.corpId}:${t.type}`)).toEqual(["r1:c1:card", "r1:c2:todo", "r2:c1:todo"]);
  });

  test("one delivery per target and recipient: bound pending, unbound skipped 'not bound'; todoKey only on todos", () => {
    const bindings = new Map([["c1", new Map([["u1", "w1"]])], ["c2", new Map([["u2", "w2"]])]]);
    const planned = planDeliveries(targetsOf([rule("r", ["*"], [card, todo])]), ["u1", "u2"], bindings, "wlbKEY");
    expect(planned.map((d) => [d.corpId, d.oaUserId, d.welinkUserId, d.status, d.reason, d.todoKey])).toEqual([
      ["c1", "u1", "w1", "pending", null, null],
      ["c1", "u2", null, "skipped", "not bound", null],
      ["c2", "u1", null, "skipped", "not bound", "wlbKEY"],
      ["c2", "u2", "w2", "pending", null, "wlbKEY"],
    ]);
    expect(countByStatus(planned)).toEqual({ pending: 2, skipped: 2 });
    // A corp nobody is bound in: everyone is recorded as skipped.
    expect(planDeliveries(targetsOf([rule("r", ["*"], [card])]), ["u1"], new Map(), "k")[0]!.status).toBe("skipped");
  });

  test("todoKey is stable per (tenant, source, externalId), 43 characters, and differs when any part differs", () => {
    const key = todoKeyOf("t1", "approval", "AP-1");
    expect(key).toMatch(/^wlb[0-9a-f]{40}$/);
    expect(todoKeyOf("t1", "approval", "AP-1")).toBe(key);
    expect(new Set([key, todoKeyOf("t2", "approval", "AP-1"), todoKeyOf("t1", "todo", "AP-1"), todoKeyOf("t1", "approval", "AP-2")]).size).toBe(4);
  });
});
