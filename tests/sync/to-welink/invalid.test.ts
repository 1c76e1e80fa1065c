import { afterEach, describe, expect, test } from "bun:test";
import { rows, T } from "../from-welink/support.ts";
import { asPull, oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, writeCalls, type PushWorld } from "./support.ts";

let world: PushWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

const itemsOf = (w: PushWorld, runId: string) =>
  rows(asPull(w), "SELECT name, action, state, why FROM push_items WHERE run_id = ? AND object = 'user' ORDER BY seq", [runId]);

describe("values WeLink would refuse", () => {
  test("the simulation marks them invalid with what is wrong; applying never sends them, and the run is partial", async () => {
    const w = (world = await startPushWorld());
    welinkDept(w.rs.sb, "总部");
    await putOa(w, [oaDept("D0", "总部", null)], [
      oaUser("U1", "李一", "D0", 1, { mobile: "+86 186 7870 6422", email: " Li.Yi@Example.COM " }),
      oaUser("U2", "王二", "D0", 2, { mobile: "0755-88888888" }),
      oaUser("U3", "赵三", "D0", 3, { email: "zhao@@example" }),
    ]);
    await pushSettings(w, { addNewPeople: true });
    const dry = await push(w, true);
    const planned = await itemsOf(w, dry.id);
    expect(planned.map((i) => [i.name, i.action, i.state])).toEqual([["李一", "create", "planned"], ["王二", "create", "invalid"], ["赵三", "create", "invalid"]]);
    expect(JSON.parse(String(planned[1]!.why))).toMatchObject({ code: "invalid", problems: [{ field: "mobileNumber", kind: "mobileNoCountryCode", value: "0755-88888888" }] });
    expect(JSON.parse(String(planned[2]!.why))).toMatchObject({ code: "invalid", problems: [{ field: "email", kind: "emailFormat" }] });

    const run = await push(w);
    expect(run.status).toBe("partial");
    expect(run.counts.failed).toBe(0);
    const creates = (await writeCalls(w)).filter((c) => c.path.endsWith("/user/create"));
    expect(creates).toHaveLength(1);
    const people = [...w.rs.sb.org.users.values()];
    expect(people.map((u) => [u.corpUserId, u.mobileNumber, u.userEmail])).toEqual([["U1", "+86-18678706422", "li.yi@example.com"]]);
    expect((await itemsOf(w, run.id)).map((i) => i.state)).toEqual(["done", "invalid", "invalid"]);
  });

  test("a mobile another WeLink person holds is flagged before the create, instead of WeLink refusing it", async () => {
    const w = (world = await startPushWorld());
    welinkDept(w.rs.sb, "总部");
    await putOa(w, [oaDept("D0", "总部", null)], [oaUser("U1", "李一", "D0", 1), oaUser("U2", "王二", "D0", 1, { email: "u2@example.com" })]);
    await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { bindingRule: { enabled: false, fields: ["mobile"], combine: "or" } } });
    await pushSettings(w, { addNewPeople: true });
    const run = await push(w);
    const items = await itemsOf(w, run.id);
    expect(items.map((i) => i.state)).toEqual(["done", "invalid"]);
    expect(JSON.parse(String(items[1]!.why)).problems[0]).toMatchObject({ field: "mobileNumber", kind: "mobileTaken", holder: "李一" });
    expect(w.rs.sb.org.users.size).toBe(1);
  });
});
