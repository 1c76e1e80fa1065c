import { afterAll, beforeAll, expect, test } from "bun:test";
import { ensureBootstrap } from "../../src/accounts/bootstrap.ts";
import { createApp } from "../../src/app.ts";
import { buildDeps, type Deps } from "../../src/deps.ts";
import { createLogger } from "../../src/kernel/log.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../helpers/harness.ts";

const ROTATED = "wlb_rotated-global-admin-token-9876543210";
let h: Harness;
const others: Deps[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => {
  for (const d of others) d.database.close();
  h.close();
});

/** The bridge started again on the same database with BRIDGE_ADMIN_TOKEN set to `adminToken`. */
async function restart(adminToken: string | undefined) {
  const deps = await buildDeps({ ...h.config, adminToken }, { clock: h.deps.clock, log: createLogger("error", () => undefined) });
  others.push(deps);
  await ensureBootstrap(deps);
  const app = createApp(deps);
  return (token: string) => Promise.resolve(app.request("/api/v1/tenants", { headers: { authorization: `Bearer ${token}` } })).then((r) => r.status);
}

test("a changed BRIDGE_ADMIN_TOKEN revokes the former value's token at start; tokens people issued, and a restart with the same value, are untouched", async () => {
  const issued = (await (await h.call("POST", "/api/v1/tokens", { body: { name: "ops", scopes: ["admin"] } })).json()) as { token: string };
  const same = await restart(ADMIN_TOKEN);
  expect(await same(ADMIN_TOKEN)).toBe(200);

  const rotated = await restart(ROTATED);
  expect(await rotated(ROTATED)).toBe(200);
  expect(await rotated(ADMIN_TOKEN)).toBe(401);
  expect(await rotated(issued.token)).toBe(200);
  const audit = (await (await h.call("GET", "/api/v1/audit?action=token.revoke", { token: ROTATED })).json()) as { items: { actor: string }[] };
  expect(audit.items.length).toBeGreaterThanOrEqual(1);

  // Unset, the variable revokes nothing: the last value stays an ordinary token.
  const unset = await restart(undefined);
  expect(await unset(ROTATED)).toBe(200);
});
