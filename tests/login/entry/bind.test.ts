import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { codeOnPage, enter, EntryClient, handoffClaims, inputValue, lastLog, phoneCode, startWorld, TENANT, tenantIdOf, type World } from "./support.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding, findBinding } from "../../../src/directory/bindings.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";

const clock = frozenClock(Date.now());
let w: World;
let cast: OaPerson[];
const person = (i: number) => cast[i]!;

beforeAll(async () => {
  w = await startWorld({ clock });
  cast = w.people;
  // The first four are bound up front; the rest enter unbound.
  const tenantId = await tenantIdOf(w);
  for (const p of cast.slice(0, 4)) {
    await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  }
});
afterAll(() => w?.stop());

describe("binding", () => {
  test("an unbound person gets the bind page, binds with the OA password and lands", async () => {
    const p = person(5);
    const client = new EntryClient(w.h.app);
    const res = await enter(w, client, await phoneCode(w, p));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/h/${w.appKey}/bind`);
    expect(await lastLog(w)).toMatchObject({ reason: "NOT_BOUND", welinkUserId: p.welinkUserId });
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    expect(form).toContain(p.name);
    const done = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: p.loginName, password: p.password });
    expect(done.status).toBe(303);
    expect(handoffClaims(done.headers.get("location") ?? "").sub).toBe(p.id);
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "BOUND_BY_PASSWORD", oaAccount: p.loginName });
    expect((await findBinding(w.h.deps, w.corpId, p.welinkUserId!))?.method).toBe("password");
  });

  test("the bind form trusts only its sealed cookie: no cookie or another nonce is BIND_EXPIRED", async () => {
    const p = person(6);
    const res = await new EntryClient(w.h.app).post(`/h/${w.appKey}/bind`, { nonce: "x", account: p.loginName, password: p.password });
    expect(res.status).toBe(400);
    expect(await codeOnPage(res)).toBe("BIND_EXPIRED");
    expect(await findBinding(w.h.deps, w.corpId, p.welinkUserId!)).toBeUndefined();
  });

  test("an OA account bound to someone else is refused on the bind page", async () => {
    const client = new EntryClient(w.h.app);
    await enter(w, client, await phoneCode(w, person(6)));
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const taken = person(0);
    const res = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: taken.loginName, password: taken.password });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("已绑定其他 WeLink 用户");
    expect(await lastLog(w)).toMatchObject({ reason: "BINDING_CONFLICT" });
  });

  test("the binding rule binds a person it finds exactly once, then lets them in", async () => {
    const p = person(7);
    await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { tenant: TENANT, body: { bindingRule: { enabled: true, fields: ["mobile", "email"], combine: "or" } } });
    try {
      const res = await enter(w, new EntryClient(w.h.app), await phoneCode(w, p));
      expect(res.status).toBe(303);
      expect(handoffClaims(res.headers.get("location") ?? "").sub).toBe(p.id);
      expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "BOUND_BY_RULE", oaAccount: p.loginName });
      expect((await findBinding(w.h.deps, w.corpId, p.welinkUserId!))?.method).toBe("rule");
    } finally {
      await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { tenant: TENANT, body: { bindingRule: { enabled: false, fields: ["mobile"], combine: "or" } } });
    }
  });

  test("createBinding refuses an OA person already bound to another WeLink person", async () => {
    const input = { tenantId: await tenantIdOf(w), corpId: w.corpId, welinkUserId: person(9).welinkUserId!, oaUserId: person(0).id, method: "admin" as const };
    expect(createBinding(w.h.deps, systemCtx(), input)).rejects.toMatchObject({ code: "BINDING_CONFLICT", status: 409 });
  });

  test("an unreachable OA during binding shows OA_UNREACHABLE", async () => {
    const client = new EntryClient(w.h.app);
    await enter(w, client, await phoneCode(w, person(8)));
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    await w.h.call("PUT", "/api/v1/oa/connection", { tenant: TENANT, body: { type: "demo", settings: { baseUrl: "http://127.0.0.1:9" }, secrets: { token: w.oa.token } } });
    try {
      const res = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: person(8).loginName, password: person(8).password });
      expect(res.status).toBe(502);
      expect(await codeOnPage(res)).toBe("OA_UNREACHABLE");
      expect(await lastLog(w)).toMatchObject({ reason: "OA_UNREACHABLE" });
    } finally {
      await w.h.call("PUT", "/api/v1/oa/connection", { tenant: TENANT, body: { type: "demo", settings: { baseUrl: w.oa.url }, secrets: { token: w.oa.token } } });
    }
  });

  test("5 wrong passwords lock binding for 15 minutes; every attempt is audited without the password", async () => {
    const p = person(10);
    const client = new EntryClient(w.h.app);
    await enter(w, client, await phoneCode(w, p));
    const nonce = inputValue(await (await client.get(`/h/${w.appKey}/bind`)).text(), "nonce") ?? "";
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await client.post(`/h/${w.appKey}/bind`, { nonce, account: p.loginName, password: `wrong-password-${i}` });
      statuses.push(res.status);
      if (i === 1) expect(await res.text()).toContain("还可尝试 4 次");
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await client.post(`/h/${w.appKey}/bind`, { nonce, account: p.loginName, password: p.password });
    expect(locked.status).toBe(429);
    expect(await codeOnPage(locked)).toBe("BIND_LOCKED");
    expect(await lastLog(w)).toMatchObject({ reason: "BIND_LOCKED" });

    const audit = (await (await w.h.call("GET", "/api/v1/audit?action=binding.password&limit=50", { tenant: TENANT })).json()) as { items: { target: string; after: { result: string } }[] };
    const mine = audit.items.filter((e) => e.target.endsWith(`welink:${p.welinkUserId}`));
    expect(mine.map((e) => e.after.result).reverse()).toEqual(["wrong-password", "wrong-password", "wrong-password", "wrong-password", "wrong-password", "locked"]);
    const text = JSON.stringify(audit);
    for (let i = 1; i <= 5; i++) expect(text).not.toContain(`wrong-password-${i}`);
    expect(text).not.toContain(p.password);

    clock.advance(15 * 60_000 + 1);
    const fresh = new EntryClient(w.h.app);
    await enter(w, fresh, await phoneCode(w, p));
    const again = inputValue(await (await fresh.get(`/h/${w.appKey}/bind`)).text(), "nonce") ?? "";
    const ok = await fresh.post(`/h/${w.appKey}/bind`, { nonce: again, account: p.loginName, password: p.password });
    expect(ok.status).toBe(303);
  });
});
