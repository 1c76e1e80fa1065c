import { afterEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { currentSession, endSession, endSessionById, startSession } from "../../../src/login/session/session.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A tiny app over the real deps: /t/default/start starts a session, /t/default/me reads it, /t/default/out ends it. */
async function world() {
  let now = Date.parse("2026-12-05T08:00:00Z");
  h = await startHarness({ clock: { now: () => now } });
  const tenant = (await findTenantBySlug(h.deps.db, "default"))!;
  const deps = h.deps;
  const app = new Hono();
  app.get("/t/default/start", async (c) => c.json(await startSession(deps, c, { tenantId: tenant.id, tenantSlug: "default", corpId: "corp-1", appId: null, welinkUserId: "u1@welink", oaUserId: "oa-1", channel: "welink" })));
  app.get("/t/default/me", async (c) => c.json((await currentSession(deps, c, tenant.id))?.oaUserId ?? null));
  app.get("/t/default/out", async (c) => c.json(Boolean(await endSession(deps, c, tenant.id, "default"))));
  app.get("/t/default/other", async (c) => c.json(await currentSession(deps, c, "another-tenant-id")));
  const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  return { app, tenant, cookieOf, get, deps, tick: (ms: number) => void (now += ms) };
}

describe("sign-in sessions", () => {
  test("the cookie is HttpOnly, SameSite=Lax, scoped to the tenant's paths, and only its hash is stored", async () => {
    const w = await world();
    const res = await w.get("/t/default/start");
    const header = res.headers.get("set-cookie")!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\/t\/default\//);
    expect(header).toMatch(/Max-Age=28800/);
    const token = w.cookieOf(res).split("=")[1]!;
    const rows = (await w.deps.database.client.execute("SELECT token_hash FROM sign_in_sessions")).rows;
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.token_hash)).not.toContain(token);
    expect(await (await w.get("/t/default/me", w.cookieOf(res))).json()).toBe("oa-1");
    expect(await (await w.get("/t/default/me", "wlb_session=forged")).json()).toBeNull();
  });

  test("a session ends at logout, when revoked, or when its lifetime is over", async () => {
    const w = await world();
    const a = w.cookieOf(await w.get("/t/default/start"));
    expect(await (await w.get("/t/default/out", a)).json()).toBe(true);
    expect(await (await w.get("/t/default/me", a)).json()).toBeNull();
    // A new proof in the same browser replaces its session.
    const first = w.cookieOf(await w.get("/t/default/start"));
    const second = w.cookieOf(await w.get("/t/default/start", first));
    expect(await (await w.get("/t/default/me", first)).json()).toBeNull();
    expect(await (await w.get("/t/default/me", second)).json()).toBe("oa-1");
    const startB = await w.get("/t/default/start");
    const b = w.cookieOf(startB);
    const id = ((await startB.json()) as { id: string }).id;
    expect(await endSessionById(w.deps, w.tenant.id, id, "revoked")).toBe(true);
    expect(await (await w.get("/t/default/me", b)).json()).toBeNull();
    const c = w.cookieOf(await w.get("/t/default/start"));
    w.tick(8 * 3600_000 - 1);
    expect(await (await w.get("/t/default/me", c)).json()).toBe("oa-1");
    w.tick(1);
    expect(await (await w.get("/t/default/me", c)).json()).toBeNull();
  });

  test("another tenant's id does not read the session", async () => {
    const w = await world();
    const a = w.cookieOf(await w.get("/t/default/start"));
    expect(await (await w.get("/t/default/other", a)).json()).toBeNull();
  });
});
