import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { enter, EntryClient, handoffClaims, inputValue, phoneCode, startWorld, TENANT, tenantIdOf, type World } from "./support.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import { loadUserRecords, upsertUsers } from "../../../src/directory/index.ts";

/* A person who binds through the app is recorded in the WeLink mirror with their binding (issue 18). */

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.stop());

type Listed = { items: { userId: string; nameCn: string; corpUserId: string | null; binding: { oaUserId: string } | null }[] };
const listed = async (q: string) =>
  (await (await w.h.call("GET", `/api/v1/corps/${w.corpId}/welink/people?q=${encodeURIComponent(q)}`, { tenant: TENANT })).json()) as Listed;

describe("who bound", () => {
  test("a person absent from the mirror binds by OA password on the homepage; the mirror and the directory API then know them", async () => {
    const p = w.people[3]!;
    const wl = w.sandbox.sb.org.users.get(p.welinkUserId!)!;
    expect((await loadUserRecords(w.h.deps.db, w.corpId)).has(wl.userId)).toBe(false);
    const client = new EntryClient(w.h.app);
    await enter(w, client, await phoneCode(w, p));
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const done = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: p.loginName, password: p.password });
    expect(handoffClaims(done.headers.get("location") ?? "").sub).toBe(p.id);

    const row = (await loadUserRecords(w.h.deps.db, w.corpId)).get(wl.userId);
    expect(row).toMatchObject({ nameCn: wl.userNameCn, corpUserId: wl.corpUserId ?? null, removedAt: null });
    const found = (await listed(wl.userNameCn)).items.find((i) => i.userId === wl.userId);
    expect(found).toMatchObject({ nameCn: wl.userNameCn, binding: { oaUserId: p.id } });
  });

  test("a richer mirror row keeps its values; only its empty fields are filled", async () => {
    const p = w.people[4]!;
    const wl = w.sandbox.sb.org.users.get(p.welinkUserId!)!;
    const tenantId = await tenantIdOf(w);
    const pulled = { userId: wl.userId, corpUserId: null, nameCn: "拉取的名字", nameEn: "Pulled", mobile: null, email: "pulled@example.test", employeeId: null, position: "经理", mainDeptCode: "D1", deptCodes: '["D1"]', status: 3, removedAt: null };
    await upsertUsers(w.h.deps.db, { tenantId, corpId: w.corpId }, [pulled], 1);
    const welink = { userId: wl.userId, corpUserId: "acct-4", nameCn: "登录的名字", nameEn: "Signed", mobile: "+86-100", email: "signin@example.test" };
    await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: wl.userId, oaUserId: p.id, method: "password", welink });
    const row = (await loadUserRecords(w.h.deps.db, w.corpId)).get(wl.userId);
    expect(row).toMatchObject({ nameCn: "拉取的名字", nameEn: "Pulled", email: "pulled@example.test", position: "经理", mainDeptCode: "D1", corpUserId: "acct-4", mobile: "+86-100" });
  });

  test("a refused binding records nobody", async () => {
    const tenantId = await tenantIdOf(w);
    const taken = w.people[3]!;
    const input = { tenantId, corpId: w.corpId, welinkUserId: "ghost-1", oaUserId: taken.id, method: "password" as const, welink: { userId: "ghost-1", nameCn: "幽灵" } };
    await expect(createBinding(w.h.deps, systemCtx(), input)).rejects.toMatchObject({ code: "BINDING_CONFLICT" });
    expect((await loadUserRecords(w.h.deps.db, w.corpId)).has("ghost-1")).toBe(false);
  });
});
