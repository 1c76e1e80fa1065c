import { describe, expect, test } from "bun:test";
import { planNames } from "../../../src/sync/pages/plan-tree.tsx";
import type { PlanItemView } from "../../../src/sync/to-welink/plan-view.ts";

const dept = (oaId: string, welinkId: string | null, name: string, parentOaId: string | null): PlanItemView =>
  ({ seq: 0, object: "dept", action: "skip", oaId, welinkId, name, parentOaId, depth: 0, desired: null, changes: null, reason: "", reasonCode: null, reasonParams: null, problems: null, state: "skipped", attempts: 0, error: null, errorCode: null }) as unknown as PlanItemView;

describe("naming departments in a plan's changes", () => {
  const depts = [dept("D1", "10001", "总部", null), dept("D2", "10002", "研发部", "D1")];
  const mirror = (code: string) => (code === "10005" ? "总部 / 旧部门" : null);

  test("a department of the plan by its OA path, by WeLink code or OA id", () => {
    const names = planNames(depts, mirror);
    expect(names("10002")).toBe("总部 / 研发部");
    expect(names({ oaDeptId: "D2" })).toBe("总部 / 研发部");
  });

  test("a WeLink department outside the plan (a person's old main department) by the mirror's path, else its code", () => {
    const names = planNames(depts, mirror);
    expect(names("10005")).toBe("总部 / 旧部门");
    expect(names({ deptCode: "10005" })).toBe("总部 / 旧部门");
    expect(names("99999")).toBe("99999");
    expect(planNames(depts)("10005")).toBe("10005");
  });
});
