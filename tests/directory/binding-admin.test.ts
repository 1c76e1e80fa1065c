import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bindingsOf, seedOa, seedWelink, startBindingWorld, type BindingWorld } from "./binding-support.ts";

let w: BindingWorld;

beforeAll(async () => {
  w = await startBindingWorld();
  await seedOa(w, [{ id: "oa1" }, { id: "oa2" }, { id: "oa3" }]);
  await seedWelink(w, w.corpId, [{ userId: "w1" }, { userId: "w2" }, { userId: "w3" }]);
});
afterAll(() => w.h.close());

describe("admin binding", () => {
  test("binds and unbinds on a read-only enterprise (binding people is not an organisation change)", async () => {
    const corp = (await (await w.call("GET", `/api/v1/corps/${w.corpId}`)).json()) as { contactPermission: string };
    expect(corp.contactPermission).toBe("read-only");
    const res = await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w1`, { oaUserId: "oa1" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ welinkUserId: "w1", oaUserId: "oa1", oaAccount: "oa1", method: "admin", createdBy: expect.any(String) });
    expect((await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w1`)).status).toBe(204);
    expect(await bindingsOf(w, w.corpId)).toEqual({});
    expect((await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w1`)).status).toBe(404);
  });

  test("both sides stay unique, and an unknown OA person is refused", async () => {
    expect((await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w1`, { oaUserId: "oa1" })).status).toBe(200);
    const taken = await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w2`, { oaUserId: "oa1" });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { code: string }).code).toBe("BINDING_CONFLICT");
    expect((await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w1`, { oaUserId: "oa2" })).status).toBe(409);
    expect((await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w2`, { oaUserId: "nobody" })).status).toBe(404);
  });

  test("the list is paged and searchable", async () => {
    await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w2`, { oaUserId: "oa2" });
    const page = (await (await w.call("GET", `/api/v1/corps/${w.corpId}/bindings?limit=1`)).json()) as { items: { welinkUserId: string }[]; total: number };
    expect(page).toMatchObject({ total: 2, items: [{ welinkUserId: "w1" }] });
    const found = (await (await w.call("GET", `/api/v1/corps/${w.corpId}/bindings?q=oa2`)).json()) as { items: { welinkUserId: string }[] };
    expect(found.items.map((b) => b.welinkUserId)).toEqual(["w2"]);
  });

  test("bulk unbind needs the count it states, then removes every binding", async () => {
    const wrong = await w.call("POST", `/api/v1/corps/${w.corpId}/bindings/unbind-all`, { confirm: 5 });
    expect(wrong.status).toBe(409);
    const problem = (await wrong.json()) as { code: string; detail: string };
    expect(problem.code).toBe("CONFIRMATION_REQUIRED");
    expect(problem.detail).toContain("all 2 binding(s)");
    expect(Object.keys(await bindingsOf(w, w.corpId))).toHaveLength(2);
    const ok = await w.call("POST", `/api/v1/corps/${w.corpId}/bindings/unbind-all`, { confirm: 2 });
    expect(await ok.json()).toEqual({ removed: 2 });
    expect(await bindingsOf(w, w.corpId)).toEqual({});
  });

  test("every binding change is in the audit log", async () => {
    const audit = (await (await w.call("GET", "/api/v1/audit?action=binding.&limit=100")).json()) as { items: { action: string; target: string }[] };
    const actions = audit.items.map((a) => `${a.action} ${a.target.replace(/^corp:[^/]+\//, "")}`);
    expect(actions.filter((a) => a.startsWith("binding.create"))).toHaveLength(3);
    // One explicit unbind of w1, then the bulk unbind of w1 and w2.
    expect(actions.filter((a) => a.startsWith("binding.delete")).sort()).toEqual(["binding.delete welink:w1", "binding.delete welink:w1", "binding.delete welink:w2"]);
  });

  test("another tenant's token sees none of it", async () => {
    const other = await w.h.tenantToken("other", ["admin"]);
    await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w3`, { oaUserId: "oa3" });
    for (const [method, path, body] of [
      ["GET", `/api/v1/corps/${w.corpId}/bindings`],
      ["PUT", `/api/v1/corps/${w.corpId}/bindings/w3`, { oaUserId: "oa3" }],
      ["DELETE", `/api/v1/corps/${w.corpId}/bindings/w3`],
      ["POST", `/api/v1/corps/${w.corpId}/bindings/unbind-all`, { confirm: 1 }],
      ["GET", `/api/v1/corps/${w.corpId}/bindings/export.csv`],
    ] as const) {
      expect({ method, path, status: (await w.h.call(method, path, { token: other, body })).status }).toEqual({ method, path, status: 404 });
    }
    expect((await bindingsOf(w, w.corpId)).w3).toEqual({ oaUserId: "oa3", method: "admin" });
  });
});
