import { describe, expect, test } from "bun:test";
import { oaTree } from "../../../src/sync/to-welink/scope.ts";
import { scopeRuleFor } from "../../../src/sync/to-welink/scope-explain.ts";
import type { PushConfig } from "../../../src/sync/to-welink/types.ts";
import { oaDept, oaUser } from "./support.ts";

const tree = oaTree([oaDept("D0", "总部", null), oaDept("DA", "研发部", "D0"), oaDept("DA1", "平台组", "DA"), oaDept("DB", "市场部", "D0")]);
const config = (scope: Partial<PushConfig["scope"]>, includePartTime = false) =>
  ({ includePartTime, scope: { depts: [], include: [], exclude: [], ...scope } }) as PushConfig;

describe("the scope rule that decides for one OA person (the same order as resolveScope)", () => {
  const li = oaUser("U1", "李一", "DA1", 1, { partTimeDeptIds: ["DB"] });
  test("inactive first, then exclusion over inclusion, then the include list alone", () => {
    expect(scopeRuleFor(config({ include: ["U1"] }), tree, { ...li, active: false }).rule).toBe("inactive");
    expect(scopeRuleFor(config({ include: ["U1"], exclude: ["U1"] }), tree, li)).toEqual({ inScope: false, rule: "excluded" });
    expect(scopeRuleFor(config({ include: ["U1"], depts: ["DB"] }), tree, li)).toEqual({ inScope: true, rule: "included" });
    expect(scopeRuleFor(config({ include: ["U9"], depts: ["DA"] }), tree, li)).toEqual({ inScope: false, rule: "notIncluded" });
  });
  test("departments: the nearest chosen one above the person's names the rule; part-time departments only when included", () => {
    expect(scopeRuleFor(config({}), tree, li)).toEqual({ inScope: true, rule: "everyone" });
    expect(scopeRuleFor(config({ depts: ["D0", "DA"] }), tree, li)).toEqual({ inScope: true, rule: "inDept", dept: { id: "DA", name: "研发部" } });
    expect(scopeRuleFor(config({ depts: ["DB"] }), tree, li)).toEqual({ inScope: false, rule: "outsideDepts" });
    expect(scopeRuleFor(config({ depts: ["DB"] }, true), tree, li)).toEqual({ inScope: true, rule: "inDept", dept: { id: "DB", name: "市场部" } });
  });
});
