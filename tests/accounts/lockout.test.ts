import { afterEach, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before feature modules.
import { ADMIN_PASSWORD, ADMIN_TOKEN, startHarness, type Harness } from "../helpers/harness.ts";
import { frozenClock } from "../../src/kernel/clock.ts";
import { AdminClient } from "../helpers/admin-client.ts";

/*
 * Issue 19, finding 4: failures slow the one who fails, never lock out the innocent, and say
 * nothing about which user names exist.
 */

let h: Harness | undefined;
afterEach(() => h?.close());

test("bad tokens from one address are refused with 429, but the valid admin token still works", async () => {
  h = await startHarness();
  const bad: number[] = [];
  for (let i = 0; i < 32; i++) bad.push((await h.call("GET", "/api/v1/tenants", { token: `wlb_guess-${i}-xxxxxxxxxxxxxxxxxxxx` })).status);
  expect(bad.slice(0, 30).every((s) => s === 401)).toBe(true);
  expect(bad.slice(30)).toEqual([429, 429]);
  // Same address (every in-process request shares one), right token: served.
  expect((await h.call("GET", "/api/v1/tenants", { token: ADMIN_TOKEN })).status).toBe(200);
});

const from = (client: AdminClient, ip: string) => ({
  signIn: async (user: string, password: string) => {
    await client.get("/admin/login");
    return client.post("/admin/login", { username: user, password }, { headers: { "x-forwarded-for": ip } });
  },
});
const summary = async (r: Response) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), flash: /class="flash[^"]*"[^>]*>([^<]*)</.exec(await r.text())?.[1] });

test("a known and an unknown user name answer alike, failure after failure", async () => {
  h = await startHarness({ env: { TRUST_PROXY: "true" } });
  const known: unknown[] = [];
  const unknown: unknown[] = [];
  const a = from(new AdminClient(h.app), "203.0.113.1");
  for (let i = 0; i < 7; i++) known.push(await summary(await a.signIn("admin", `wrong-${i}`)));
  for (let i = 0; i < 7; i++) unknown.push(await summary(await a.signIn("nobody", `wrong-${i}`)));
  expect(unknown).toEqual(known);
  expect((known[0] as { status: number }).status).toBe(401);
  expect((known[4] as { status: number }).status).toBe(429);
}, 60_000);

test("nobody can lock an admin out: failures elsewhere do not refuse the right password, and waits grow", async () => {
  const clock = frozenClock(Date.UTC(2026, 2, 1));
  h = await startHarness({ clock, env: { TRUST_PROXY: "true" } });
  const attacker = from(new AdminClient(h.app), "203.0.113.66");
  for (let i = 1; i <= 4; i++) expect((await attacker.signIn("admin", `wrong-${i}`)).status).toBe(401);
  const fifth = await attacker.signIn("admin", "wrong-5");
  expect(fifth.status).toBe(429);
  expect(fifth.headers.get("retry-after")).toBe("15");
  // While it waits, even the right password is not tried from that address for that name.
  expect((await attacker.signIn("admin", ADMIN_PASSWORD)).status).toBe(429);
  // The admin, from their own address, signs in at once.
  expect((await from(new AdminClient(h.app), "10.0.0.7").signIn("admin", ADMIN_PASSWORD)).status).toBe(303);
  // The attacker's next failure doubles the wait.
  clock.advance(15_001);
  const sixth = await attacker.signIn("admin", "wrong-6");
  expect(sixth.headers.get("retry-after")).toBe("30");
  clock.advance(30_001);
  expect((await attacker.signIn("admin", ADMIN_PASSWORD)).status).toBe(303);
}, 60_000);
