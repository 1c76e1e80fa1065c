import { afterEach, describe, expect, test } from "bun:test";
import { deleteUser } from "../../../src/sandbox/welink/user-ops.ts";
import { startWriteback } from "../../../src/sync/to-oa/run.ts";
import { json, rows, T } from "../from-welink/support.ts";
import { asPull, pushSettings } from "../to-welink/support.ts";
import { type LdapWorld, startLdapWorld } from "./ldap-support.ts";
import { planOf, pullNow, seedWelink, type WbWorld } from "./support.ts";

// WeLink → OA write-back into a real slapd through the API (the world: ldap-support.ts).

let world: LdapWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

const asWb = (w: LdapWorld) => w as unknown as WbWorld;
const writeback = async (w: LdapWorld, dryRun = false) => (await startWriteback(w.h.deps, { tenantId: w.tenantId, corpId: w.corpId, trigger: "manual", dryRun })).done;
type SnapUser = { id: string; account: string; name: string; mainDeptId: string | null; active: boolean; position: string | null };
const oaUsers = async (w: LdapWorld) => (await json<{ items: SnapUser[] }>(await w.h.call("GET", "/api/v1/oa/users?limit=100", T))).items;
const oaDepts = async (w: LdapWorld) => (await json<{ items: { id: string; name: string; parentId: string | null }[] }>(await w.h.call("GET", "/api/v1/oa/departments", T))).items;

describe("WeLink → OA write-back into slapd", () => {
  test("the write password is sealed and masked like the bind password, and kept when not sent again", async () => {
    const w = (world = await startLdapWorld());
    const view = await json<{ secrets: Record<string, string> }>(await w.h.call("GET", "/api/v1/oa/connection", T));
    expect(Object.keys(view.secrets).sort()).toEqual(["bindPassword", "writeBindPassword"]);
    expect(JSON.stringify(view)).not.toContain(w.d.writer.password);
    const stored = await rows(asPull(w), "SELECT settings, secrets FROM oa_connections");
    expect(JSON.stringify(stored)).not.toContain(w.d.writer.password);
    // Saved again without any secret: both are kept, and the writer still writes.
    const current = await json<{ settings: unknown }>(await w.h.call("GET", "/api/v1/oa/connection", T));
    expect((await w.h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "ldap", settings: current.settings } })).status).toBe(200);
    expect(Object.keys((await json<{ secrets: Record<string, string> }>(await w.h.call("GET", "/api/v1/oa/connection", T))).secrets).sort()).toEqual(["bindPassword", "writeBindPassword"]);
    seedWelink(asWb(w));
    expect(await writeback(w)).toMatchObject({ status: "ok", counts: { added: 6, failed: 0 } });
  });

  test("a dry run writes nothing; applying it creates the OUs and people, binds them, and the refreshed snapshot shows them", async () => {
    const w = (world = await startLdapWorld());
    const seed = seedWelink(asWb(w));
    const planned = await writeback(w, true);
    expect(planned.status).toBe("planned");
    expect(await oaUsers(w)).toEqual([]);
    const plan = await planOf(asWb(w), planned.id);
    expect(plan.map((i) => [i.object, i.action]).sort()).toEqual([["dept", "create"], ["dept", "create"], ["dept", "create"], ["user", "create"], ["user", "create"], ["user", "create"]]);
    const applied = await json<{ status: string; counts: Record<string, number> }>(await w.h.call("POST", `/api/v1/sync-runs/${planned.id}/writeback-apply?wait=true`, T));
    expect(applied).toMatchObject({ status: "ok", counts: { added: 6, failed: 0 } });
    const depts = await oaDepts(w);
    const top = depts.find((x) => x.name === "写回总部")!;
    const rd = depts.find((x) => x.name === "研发部")!;
    expect(top.parentId).toBeNull();
    expect(rd.parentId).toBe(top.id);
    expect(top.id).toMatch(/^[0-9a-f-]{36}$/);
    const people = await oaUsers(w);
    expect(people.map((p) => p.name).sort()).toEqual(["写回丙", "写回乙", "写回甲"]);
    expect(people.find((p) => p.name === "写回甲")).toMatchObject({ mainDeptId: rd.id, active: true });
    const bindings = await rows(asPull(w), "SELECT welink_user_id, oa_user_id FROM bindings WHERE corp_id = ?", [w.corpId]);
    expect(new Map(bindings.map((b) => [String(b.welink_user_id), String(b.oa_user_id)]))).toEqual(
      new Map(seed.people.map((p, i) => [p, people.find((x) => x.name === ["写回甲", "写回乙", "写回丙"][i])!.id])),
    );
    expect(await rows(asPull(w), "SELECT dept_code FROM dept_bindings WHERE corp_id = ?", [w.corpId])).toHaveLength(3);
    // A second run writes no person again.
    const again = await writeback(w);
    expect(again.status).toBe("ok");
    const left = (await planOf(asWb(w), again.id)).filter((i) => i.action !== "match") as { object: string; action: string; changes?: Record<string, unknown> }[];
    expect(left.filter((i) => i.object === "user")).toEqual([]);
    // Nothing is left to do: an OU has no order, so WeLink's order is not a change either.
    expect(left).toEqual([]);
    expect(await oaUsers(w)).toHaveLength(3);
  });

  test("a change in WeLink is a modify, a move a modifyDN, a closed person gets the disabled mark; the breaker holds disabling", async () => {
    const w = (world = await startLdapWorld());
    const seed = seedWelink(asWb(w));
    expect((await writeback(w)).status).toBe("ok");
    const sb = w.rs.sb;
    const jia = sb.org.users.get(seed.people[0]!)!;
    sb.org.putUser({ ...jia, position: "架构师", mainDeptCode: seed.mk, deptCodes: [seed.mk] });
    deleteUser(sb, { userId: seed.people[2]!, isDeleteUser: 0 });
    await pullNow(asWb(w));
    await pushSettings(w, { addNewPeople: true, breaker: { usersMax: 0, usersPct: 100, deptsMax: 20, deptsPct: 100 } });
    const held = await writeback(w);
    expect(held.status).toBe("held");
    expect((await oaUsers(w)).find((p) => p.name === "写回丙")).toMatchObject({ active: true });
    const approved = await json<{ status: string; counts: Record<string, number> }>(await w.h.call("POST", `/api/v1/sync-runs/${held.id}/writeback-apply?wait=true`, T));
    expect(approved).toMatchObject({ status: "approved", counts: { removed: 1, failed: 0 } });
    const mk = (await oaDepts(w)).find((x) => x.name === "市场部")!;
    const people = await oaUsers(w);
    expect(people.find((p) => p.name === "写回甲")).toMatchObject({ position: "架构师", mainDeptId: mk.id, active: true });
    expect(people.find((p) => p.name === "写回丙")).toMatchObject({ active: false });
  });
});
