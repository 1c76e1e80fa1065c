import { describe, expect, test } from "bun:test";
import type { OaDept, OaUser } from "../../../src/oa/contract.ts";
import type { DeptRecord, UserRecord } from "../../../src/sync/from-welink/diff.ts";
import { planDigest } from "../../../src/sync/to-welink/digest.ts";
import { planPush } from "../../../src/sync/to-welink/plan.ts";
import { DEFAULT_FIELD_MAPPING, type PlanInput, type PlanItem, type PushConfig } from "../../../src/sync/to-welink/types.ts";

const config = (o: Partial<PushConfig> = {}): PushConfig => ({
  topDeptCode: null, addNewPeople: true, fieldMapping: DEFAULT_FIELD_MAPPING, includePartTime: false,
  scope: { depts: [], include: [], exclude: [] }, removalMode: "close", decreaseThreshold: null,
  breaker: { usersMax: 100, usersPct: 100, deptsMax: 100, deptsPct: 100 }, ...o,
});
const od = (id: string, name: string, parentId: string | null = null, order = 0): OaDept => ({ id, parentId, name, order });
const ou = (id: string, mainDeptId: string, o: Partial<OaUser> = {}): OaUser => ({
  id, account: id, name: `N${id}`, mobile: `138000${id.padStart(5, "0")}`, mainDeptId, partTimeDeptIds: [], active: true, ...o,
});
const wd = (deptCode: string, nameCn: string, parentCode = "0"): DeptRecord => ({ deptCode, corpDeptCode: null, parentCode, nameCn, nameEn: null, orderNo: 0, removedAt: null });
const wu = (userId: string, mainDeptCode: string, o: Partial<UserRecord> = {}): UserRecord => ({
  userId, corpUserId: null, nameCn: userId, nameEn: null, mobile: null, email: null, employeeId: null, position: null,
  mainDeptCode, deptCodes: JSON.stringify([mainDeptCode]), status: 3, removedAt: null, ...o,
});
const input = (o: Partial<PlanInput> = {}): PlanInput => ({
  config: config(), rule: { enabled: true, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" },
  oa: { depts: [], users: [] }, welink: { depts: [], users: [] }, deptBindings: [], userBindings: [], ...o,
});
const brief = (items: PlanItem[]) => items.map((i) => [i.object, i.action, i.name]);
const byName = (items: PlanItem[], name: string) => items.find((i) => i.name === name)!;

describe("push plan: departments", () => {
  test("without a top department, departments match by name level by level and the rest are created under the matched parent", () => {
    const plan = planPush(input({
      oa: { depts: [od("d", "演示部门"), od("a", "部门A", "d"), od("b", "部门B", "d"), od("c", "部门C", "d")], users: [] },
      welink: { depts: [wd("W1", "演示部门"), wd("WA", "部门A", "W1"), wd("WX", "部门X", "W1")], users: [] },
    }));
    expect(brief(plan.items)).toEqual([["dept", "match", "演示部门"], ["dept", "match", "部门A"], ["dept", "create", "部门B"], ["dept", "create", "部门C"]]);
    expect(byName(plan.items, "部门A").welinkId).toBe("WA");
    expect(byName(plan.items, "部门B").desired).toEqual({ nameCn: "部门B", orderNo: 0, parent: { deptCode: "W1" } });
    expect(plan.items.map((i) => i.depth)).toEqual([0, 1, 1, 1]);
  });

  test("with a top department, the OA is created under it and children name their parent created in the same run", () => {
    const plan = planPush(input({
      config: config({ topDeptCode: "W2" }),
      oa: { depts: [od("r", "Re部门"), od("s1", "子1", "r"), od("s2", "子2", "r")], users: [] },
      welink: { depts: [wd("W1", "演示部门"), wd("W2", "其他部门")], users: [] },
    }));
    expect(brief(plan.items)).toEqual([["dept", "create", "Re部门"], ["dept", "create", "子1"], ["dept", "create", "子2"]]);
    expect(byName(plan.items, "Re部门").desired).toMatchObject({ parent: { deptCode: "W2" } });
    expect(byName(plan.items, "子1").desired).toMatchObject({ parent: { oaDeptId: "r" } });
  });

  test("without a top department, an OA root that matches no WeLink first-level department stops the plan naming both", () => {
    const run = () => planPush(input({ oa: { depts: [od("r", "Re部门")], users: [] }, welink: { depts: [wd("W1", "演示部门")], users: [] } }));
    expect(run).toThrow(expect.objectContaining({ code: "TOP_LEVEL_MISMATCH", status: 409 }));
    expect(run).toThrow(/Re部门.*演示部门/);
  });

  test("a top department WeLink does not have stops the plan with TOP_DEPT_NOT_FOUND", () => {
    const run = () => planPush(input({ config: config({ topDeptCode: "NOPE" }), oa: { depts: [od("r", "R")], users: [] } }));
    expect(run).toThrow(expect.objectContaining({ code: "TOP_DEPT_NOT_FOUND", status: 409 }));
    expect(run).toThrow(/NOPE/);
  });

  test("into an empty WeLink the OA roots are created under WeLink's root", () => {
    const plan = planPush(input({ oa: { depts: [od("r", "R"), od("k", "K", "r")], users: [] }, welink: { depts: [wd("0", "root", "")], users: [] } }));
    expect(plan.items.map((i) => [i.action, i.desired && "parent" in i.desired ? i.desired.parent : null])).toEqual([["create", { deptCode: "0" }], ["create", { oaDeptId: "r" }]]);
  });

  test("a bound department keeps its binding: renamed is an update, moved is a move, gone is created again, else unchanged", () => {
    const plan = planPush(input({
      oa: { depts: [od("r", "Root"), od("a", "A new", "r"), od("b", "B", "r"), od("c", "C", "r"), od("e", "E", "r")], users: [] },
      welink: { depts: [wd("W0", "Root"), wd("WA", "A old", "W0"), wd("WB", "B", "0"), wd("WE", "E", "W0"), wd("WC2", "C", "W0")], users: [] },
      deptBindings: [{ deptCode: "W0", oaDeptId: "r" }, { deptCode: "WA", oaDeptId: "a" }, { deptCode: "WB", oaDeptId: "b" }, { deptCode: "WC", oaDeptId: "c" }, { deptCode: "WE", oaDeptId: "e" }],
    }));
    expect(plan.items.map((i) => [i.name, i.action, i.welinkId])).toEqual([["Root", "skip", "W0"], ["A new", "update", "WA"], ["B", "move", "WB"], ["C", "create", null], ["E", "skip", "WE"]]);
    expect(byName(plan.items, "A new").changes).toEqual({ nameCn: ["A old", "A new"] });
    expect(byName(plan.items, "B").changes).toEqual({ parentCode: ["0", "W0"] });
    expect(byName(plan.items, "C").reason).toContain("gone");
    expect(byName(plan.items, "E").reason).toBe("unchanged");
  });

  test("an unbound department never matches a WeLink department bound to another OA department", () => {
    const plan = planPush(input({
      oa: { depts: [od("r", "Root"), od("x", "Sales", "r"), od("y", "Sales", "r")], users: [] },
      welink: { depts: [wd("W0", "Root"), wd("WS", "Sales", "W0")], users: [] },
      deptBindings: [{ deptCode: "WS", oaDeptId: "x" }],
    }));
    expect(plan.items.map((i) => [i.oaId, i.action])).toEqual([["r", "match"], ["x", "skip"], ["y", "create"]]);
  });

  test("bound departments gone from the OA or out of scope are removed deepest first; WeLink-gone ones need nothing", () => {
    const plan = planPush(input({
      config: config({ scope: { depts: ["k"], include: [], exclude: [] } }),
      oa: { depts: [od("r", "R"), od("k", "Keep", "r"), od("o", "Out", "r")], users: [] },
      welink: { depts: [wd("W0", "R"), wd("WK", "Keep", "W0"), wd("WO", "Out", "W0"), wd("WG", "Gone", "W0"), wd("WGG", "Gone child", "WG")], users: [] },
      deptBindings: [{ deptCode: "W0", oaDeptId: "r" }, { deptCode: "WK", oaDeptId: "k" }, { deptCode: "WG", oaDeptId: "g" }, { deptCode: "WO", oaDeptId: "o" }, { deptCode: "WGG", oaDeptId: "gg" }, { deptCode: "WZ", oaDeptId: "z" }],
    }));
    const removals = plan.items.filter((i) => i.action === "remove");
    expect(removals.map((i) => [i.welinkId, i.oaId])).toEqual([["WGG", null], ["WG", null], ["WO", "o"]]);
    expect(plan.items.slice(-3)).toEqual(removals);
  });
});

describe("push plan: scope and people", () => {
  const depts = [od("r", "R"), od("a", "A", "r"), od("b", "B", "r")];
  const welinkDepts = [wd("W0", "R"), wd("WA", "A", "W0")];

  test("scope: included people only, exclude wins, inactive never; their departments are pushed with ancestors", () => {
    const users = [ou("1", "a"), ou("2", "b"), ou("3", "a", { active: false }), ou("4", "a")];
    const plan = planPush(input({ config: config({ scope: { depts: ["a"], include: ["2", "3", "4"], exclude: ["4"] } }), oa: { depts, users }, welink: { depts: welinkDepts, users: [] } }));
    expect(plan.oaPeopleInScope).toBe(1);
    expect(brief(plan.items)).toEqual([["dept", "match", "R"], ["dept", "match", "A"], ["dept", "create", "B"], ["user", "create", "N2"]]);
    expect(byName(plan.items, "N2").desired).toMatchObject({ depts: [{ oaDeptId: "b" }] });
  });

  test("scope by department counts part-time departments only when they are included", () => {
    const users = [ou("1", "b", { partTimeDeptIds: ["a"] })];
    const scope = { depts: ["a"], include: [], exclude: [] };
    expect(planPush(input({ config: config({ scope }), oa: { depts, users } })).oaPeopleInScope).toBe(0);
    const plan = planPush(input({ config: config({ scope, includePartTime: true }), oa: { depts, users }, welink: { depts: welinkDepts, users: [] } }));
    expect(plan.oaPeopleInScope).toBe(1);
    expect(byName(plan.items, "N1").desired).toMatchObject({ depts: [{ oaDeptId: "b" }, { deptCode: "WA" }] });
  });

  test("bound people: main department changed is a move, changed fields an update, otherwise unchanged; a WeLink-gone one is skipped", () => {
    const users = [ou("1", "a"), ou("2", "a", { email: "New@x.cn" }), ou("3", "a"), ou("4", "a")];
    const plan = planPush(input({
      oa: { depts, users }, welink: { depts: welinkDepts, users: [wu("u1", "W0", { nameCn: "N1", mobile: "+86-13800000001" }), wu("u2", "WA", { nameCn: "N2", mobile: "13800000002", email: "old@x.cn" }), wu("u3", "WA", { nameCn: "N3", mobile: "13800000003" })] },
      userBindings: [{ welinkUserId: "u1", oaUserId: "1" }, { welinkUserId: "u2", oaUserId: "2" }, { welinkUserId: "u3", oaUserId: "3" }, { welinkUserId: "u4", oaUserId: "4" }],
    }));
    const people = plan.items.filter((i) => i.object === "user");
    expect(people.map((i) => [i.oaId, i.action, i.welinkId])).toEqual([["1", "move", "u1"], ["2", "update", "u2"], ["3", "skip", "u3"], ["4", "skip", "u4"]]);
    expect(people[0]!.changes).toEqual({ mainDeptCode: ["W0", "WA"] });
    // The value to write is in WeLink's form (e-mail lower-cased), as the binding rule compares it.
    expect(people[1]!.changes).toEqual({ email: ["old@x.cn", "new@x.cn"] });
    expect(people[3]!.reason).toContain("no longer in WeLink");
    expect(people[0]!.depth).toBe(2);
  });

  test("unbound people: the rule matches, ambiguity goes to review, then create or skip by setting and mobile", () => {
    const users = [ou("1", "a"), ou("2", "a", { mobile: "13900000009" }), ou("3", "a", { mobile: "13900000009" }), ou("4", "a", { mobile: undefined }), ou("5", "a"), ou("6", "a")];
    const plan = planPush(input({
      oa: { depts, users }, welink: { depts: welinkDepts, users: [wu("w1", "WA", { nameCn: "N1", mobile: "13800000001" }), wu("w9", "WA", { mobile: "13900000009" }), wu("w6", "WA", { mobile: "13800000006" })] },
      userBindings: [{ welinkUserId: "w6", oaUserId: "elsewhere" }],
    }));
    const people = plan.items.filter((i) => i.object === "user");
    expect(people.map((i) => [i.oaId, i.action, i.welinkId])).toEqual([["1", "match", "w1"], ["2", "skip", null], ["3", "skip", null], ["4", "skip", null], ["5", "create", null], ["6", "create", null], [null, "remove", "w6"]]);
    expect(people[0]).toMatchObject({ desired: null, changes: null });
    expect(people[1]!.reason).toContain("review");
    expect(people[3]!.reason).toContain("mobile");
    expect(people[4]!.desired).toEqual({ nameCn: "N5", mobileNumber: "+86-13800000005", depts: [{ deptCode: "WA" }] });
    const off = planPush(input({ config: config({ addNewPeople: false }), rule: { enabled: false, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" }, oa: { depts, users: [ou("1", "a")] }, welink: { depts: welinkDepts, users: [wu("w1", "WA", { mobile: "13800000001" })] } }));
    expect(off.items.at(-1)).toMatchObject({ action: "skip", reason: "Not in WeLink; adding new people is off." });
  });

  test("a rule match whose fields differ carries desired and changes, through the field mapping", () => {
    const plan = planPush(input({
      config: config({ fieldMapping: { nameCn: "name", nameEn: "account", mobileNumber: "mobile" } }),
      oa: { depts, users: [ou("1", "a", { account: "zhang" })] },
      welink: { depts: welinkDepts, users: [wu("w1", "WA", { nameCn: "N1", mobile: "13800000001" })] },
    }));
    expect(plan.items.at(-1)).toMatchObject({ action: "match", welinkId: "w1", changes: { nameEn: [null, "zhang"] }, desired: { nameEn: "zhang" } });
  });

  test("bound people who left, went inactive, were excluded or fell out of scope are removed; already-closed ones are not", () => {
    const users = [ou("2", "a", { active: false }), ou("3", "a"), ou("4", "b"), ou("5", "a", { active: false })];
    const plan = planPush(input({
      config: config({ scope: { depts: ["a"], include: [], exclude: ["3"] } }),
      oa: { depts, users }, welink: { depts: welinkDepts, users: ["u1", "u2", "u3", "u4"].map((id) => wu(id, "WA")).concat(wu("u5", "WA", { status: 4 })) },
      userBindings: ["1", "2", "3", "4", "5"].map((n) => ({ welinkUserId: `u${n}`, oaUserId: n })),
    }));
    const removals = plan.items.filter((i) => i.action === "remove");
    expect(removals.map((i) => [i.welinkId, i.oaId])).toEqual([["u1", null], ["u2", "2"], ["u3", "3"], ["u4", "4"]]);
    expect(removals.map((i) => i.reason)).toEqual(["The person is no longer in the OA.", "The person has left (inactive in the OA).", "The person is excluded from the sync.", "The person is outside the sync's scope."]);
  });

  test("items come departments, people, people removals, department removals, with every count present", () => {
    const plan = planPush(input({
      oa: { depts: [od("r", "R")], users: [ou("1", "r")] }, welink: { depts: [wd("W0", "R"), wd("WX", "X", "W0")], users: [wu("gone", "WX")] },
      deptBindings: [{ deptCode: "WX", oaDeptId: "x" }], userBindings: [{ welinkUserId: "gone", oaUserId: "9" }],
    }));
    expect(plan.items.map((i) => `${i.object}.${i.action}`)).toEqual(["dept.match", "user.create", "user.remove", "dept.remove"]);
    expect(Object.keys(plan.counts)).toHaveLength(12);
    expect(plan.counts).toMatchObject({ "dept.match": 1, "user.create": 1, "user.remove": 1, "dept.remove": 1, "user.skip": 0 });
    expect([plan.oaPeopleInScope, plan.boundPeople, plan.boundDepts]).toEqual([1, 1, 1]);
  });

  test("20,000 people on each side: half bound, the rest matched by mobile, none created twice", () => {
    const n = 20_000;
    const oaDepts = [od("r", "R"), ...Array.from({ length: 100 }, (_, i) => od(`d${i}`, `D${i}`, "r"))];
    const wDepts = [wd("WR", "R"), ...Array.from({ length: 100 }, (_, i) => wd(`W${i}`, `D${i}`, "WR"))];
    const users = Array.from({ length: n }, (_, i) => ou(String(i), `d${i % 100}`));
    const wUsers = users.map((u, i) => wu(`w${i}`, `W${i % 100}`, { nameCn: u.name, mobile: u.mobile! }));
    const userBindings = users.filter((_, i) => i % 2 === 0).map((u, i) => ({ welinkUserId: `w${i * 2}`, oaUserId: u.id }));
    const plan = planPush(input({ oa: { depts: oaDepts, users }, welink: { depts: wDepts, users: wUsers }, userBindings }));
    expect(plan.counts).toMatchObject({ "dept.match": 101, "user.skip": n / 2, "user.match": n / 2, "user.create": 0, "user.remove": 0 });
  });
});

describe("plan digest", () => {
  const base = input({
    oa: { depts: [od("r", "R"), od("a", "A", "r")], users: [ou("1", "a"), ou("2", "a")] },
    welink: { depts: [wd("W0", "R"), wd("WA", "A", "W0")], users: [wu("w1", "WA"), wu("w2", "WA")] },
    deptBindings: [{ deptCode: "W0", oaDeptId: "r" }, { deptCode: "WA", oaDeptId: "a" }],
    userBindings: [{ welinkUserId: "w1", oaUserId: "1" }, { welinkUserId: "w2", oaUserId: "2" }],
    config: config({ scope: { depts: ["r", "a"], include: [], exclude: [] } }),
  });

  test("is a sha256 hex that ignores the order of every list", () => {
    const reordered: PlanInput = {
      ...base, config: config({ scope: { depts: ["a", "r"], include: [], exclude: [] } }),
      oa: { depts: [...base.oa.depts].reverse(), users: [...base.oa.users].reverse() },
      welink: { depts: [...base.welink.depts].reverse(), users: [...base.welink.users].reverse() },
      deptBindings: [...base.deptBindings].reverse(), userBindings: [...base.userBindings].reverse(),
    };
    expect(planDigest(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(planDigest(reordered)).toBe(planDigest(base));
  });

  test("changes with any field of either side, the bindings, the config or the rule", () => {
    const variants: PlanInput[] = [
      { ...base, oa: { ...base.oa, users: [ou("1", "a", { email: "x@y" }), ou("2", "a")] } },
      { ...base, oa: { ...base.oa, depts: [od("r", "R"), od("a", "A", "r", 1)] } },
      { ...base, welink: { ...base.welink, users: [wu("w1", "WA", { status: 4 }), wu("w2", "WA")] } },
      { ...base, welink: { ...base.welink, depts: [wd("W0", "R"), wd("WA", "A2", "W0")] } },
      { ...base, deptBindings: base.deptBindings.slice(1) },
      { ...base, userBindings: [{ welinkUserId: "w1", oaUserId: "2" }, { welinkUserId: "w2", oaUserId: "1" }] },
      { ...base, config: { ...base.config, addNewPeople: false } },
      { ...base, rule: { ...base.rule, combine: "and" } },
    ];
    const digests = new Set([base, ...variants].map(planDigest));
    expect(digests.size).toBe(variants.length + 1);
  });
});
