import { afterEach, describe, expect, test } from "bun:test";
import { AppError } from "../../../src/kernel/errors.ts";
import { rows } from "../from-welink/support.ts";
import { asPull, byCorpCode, duplicates, expectCountsMatchLog, oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, writeCalls, type PushWorld } from "./support.ts";

let world: PushWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

const namesUnder = (w: PushWorld, parentCode: string) => [...w.rs.sb.org.depts.values()].filter((d) => d.parentCode === parentCode).map((d) => d.deptNameCn).sort();

/** WeLink: 演示部门 > 部门A, and 其他部门 (empty). OA: Re部门 > 子部门1, 子部门2 with two people. */
async function reWorld(): Promise<{ w: PushWorld; other: string; demo: string }> {
  const w = (world = await startPushWorld());
  const demo = welinkDept(w.rs.sb, "演示部门");
  welinkDept(w.rs.sb, "部门A", demo);
  const other = welinkDept(w.rs.sb, "其他部门");
  await putOa(w, [oaDept("R", "Re部门", null), oaDept("R1", "子部门1", "R"), oaDept("R2", "子部门2", "R")], [oaUser("P1", "李一", "R1", 1), oaUser("P2", "李二", "R2", 2)]);
  return { w, other, demo };
}

describe("OA → WeLink push: the seed's examples against the sandbox", () => {
  test("with top department 其他部门, Re部门 and its children are created under it and nothing else changes", async () => {
    const { w, other, demo } = await reWorld();
    // The top department is chosen from the WeLink directory, so it must have been pulled.
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, { tenant: "default" })).status).toBe(200);
    await pushSettings(w, { addNewPeople: true, topDeptCode: other });
    const run = await push(w);
    expect(run.status).toBe("ok");
    expect(namesUnder(w, other)).toEqual(["Re部门"]);
    const re = byCorpCode(w, "R")!;
    expect(namesUnder(w, re.deptCode)).toEqual(["子部门1", "子部门2"]);
    expect(namesUnder(w, demo)).toEqual(["部门A"]);
    expect(namesUnder(w, "0")).toEqual(["其他部门", "演示部门"]);
    expect(w.rs.sb.org.userByCorpId("P1")!.mainDeptCode).toBe(byCorpCode(w, "R1")!.deptCode);
    expect(duplicates(w.rs.sb)).toEqual({ depts: [], users: [] });
    await expectCountsMatchLog(w, run);
  });

  test("without a top department, 「Re部门」 against 「演示部门」 stops at once, naming both, and writes nothing", async () => {
    const { w } = await reWorld();
    await pushSettings(w, { addNewPeople: true });
    const err = await push(w).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("TOP_LEVEL_MISMATCH");
    expect((err as AppError).message).toContain("Re部门");
    expect((err as AppError).message).toContain("演示部门");
    expect(await writeCalls(w)).toEqual([]);
    const [run] = await rows(asPull(w), "SELECT status, error FROM sync_runs WHERE kind = 'push'");
    expect(run).toMatchObject({ status: "failed" });
    expect(String(run!.error)).toContain("Re部门");
  });

  test("part-time departments are written only when the corp includes them", async () => {
    const w = (world = await startPushWorld());
    await putOa(w, [oaDept("T", "总部", null), oaDept("A", "甲", "T"), oaDept("B", "乙", "T")], [oaUser("P1", "王一", "A", 1, { partTimeDeptIds: ["B"] })]);
    await pushSettings(w, { addNewPeople: true });
    expect((await push(w)).status).toBe("ok");
    const person = () => w.rs.sb.org.userByCorpId("P1")!;
    expect(person().deptCodes).toEqual([byCorpCode(w, "A")!.deptCode]);
    await pushSettings(w, { addNewPeople: true, includePartTime: true });
    const run = await push(w);
    expect(run.status).toBe("ok");
    expect([...person().deptCodes].sort()).toEqual([byCorpCode(w, "A")!.deptCode, byCorpCode(w, "B")!.deptCode].sort());
    expect(person().mainDeptCode).toBe(byCorpCode(w, "A")!.deptCode);
  });

  test("scope: only the included people are created, and an excluded one is left out even when included", async () => {
    const w = (world = await startPushWorld());
    await putOa(w, [oaDept("T", "总部", null)], [oaUser("P1", "一", "T", 1), oaUser("P2", "二", "T", 2), oaUser("P3", "三", "T", 3)]);
    await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: ["P1", "P2"], exclude: ["P2"] } });
    expect((await push(w)).status).toBe("ok");
    expect([...w.rs.sb.org.users.values()].map((u) => u.corpUserId)).toEqual(["P1"]);
  });

  test("the decrease threshold holds a run before any write when the OA lost more people than allowed", async () => {
    const w = (world = await startPushWorld());
    const people = Array.from({ length: 8 }, (_, i) => oaUser(`P${i}`, `员工${i}`, "T", i));
    await putOa(w, [oaDept("T", "总部", null)], people);
    await pushSettings(w, { addNewPeople: true, decreaseThreshold: 2 });
    expect((await push(w)).status).toBe("ok");
    // Five people leave the OA (inactive): more than 2 fewer than at the last good run.
    await putOa(w, [], people.slice(0, 5).map((p) => ({ ...p, active: false })));
    await fetch(`${w.rs.baseUrl}/_sandbox/calls`, { method: "DELETE" });
    const held = await push(w);
    expect(held.status).toBe("held");
    expect(held.heldReason).toContain("8");
    expect(held.heldReason).toContain("3");
    expect(await writeCalls(w)).toEqual([]);
    expect([...w.rs.sb.org.users.values()].every((u) => u.userStatus === 3)).toBe(true);
  });
});
