import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { connectDemoHandoff } from "../../src/cli/demo-handoff.ts";
import { demoEnvironment } from "../../src/cli/demo-parts.ts";
import { issueHandoff } from "../../src/login/handoff/handoff.ts";
import { startDemoOa, type RunningDemoOa } from "../../src/sandbox/oa/server.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { freePort } from "../helpers/cli.ts";

let h: Harness;
let bridge: ReturnType<typeof Bun.serve>;
let oa: RunningDemoOa;

beforeAll(async () => {
  const port = freePort();
  // The real clock: the demo OA checks expiry against it.
  h = await startHarness({ clock: { now: () => Date.now() }, env: { BRIDGE_PUBLIC_URL: `http://127.0.0.1:${port}` } });
  bridge = Bun.serve({ hostname: "127.0.0.1", port, fetch: (req) => h.app.fetch(req) });
  oa = startDemoOa({ seed: 2, users: 12, depts: 3 });
});
afterAll(() => {
  oa.stop();
  bridge.stop(true);
  h.close();
});

describe("the demo's sign-on wiring", () => {
  test("points tenant default's OA portal at the demo OA and lets it verify and redeem handoffs", async () => {
    const line = await connectDemoHandoff(h.deps, oa);
    expect(line).toBe(`handoffs for tenant 'default' land on ${oa.url}/sso/welink-bridge (verified with the bridge's JWKS, redeemed once)`);
    const portal = await (await h.call("GET", "/api/v1/oa/portal", { tenant: "default" })).json();
    expect(portal).toMatchObject({ webBaseUrl: oa.url, ssoPath: "/sso/welink-bridge", configured: true });

    const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
    const person = oa.org.users.find((u) => u.status === "active")!;
    const { url } = await issueHandoff(h.deps, { tenantId, oaUserId: person.id, target: "/workflow" });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/workflow");
  });

  test("run again (a demo restarted on its --data folder), it revokes the previous OA token and still works", async () => {
    await connectDemoHandoff(h.deps, oa);
    const tokens = (await (await h.call("GET", "/api/v1/tokens", { tenant: "default" })).json()) as { items: { name: string; status: string }[] };
    const mine = tokens.items.filter((t) => t.name === "demo OA sign-on");
    expect(mine.map((t) => t.status).sort()).toEqual(["active", "revoked"]);
  });

  test("the demo bridge's WeLink addresses are the sandbox's", () => {
    const env = demoEnvironment({}, { users: 1, depts: 1, seed: 1, port: 8080, data: undefined }, "/tmp/x", "/tmp/x/master.key", "http://127.0.0.1:8081");
    expect(env).toMatchObject({
      WELINK_BASE_URL: "http://127.0.0.1:8081",
      WELINK_LOGIN_URL: "http://127.0.0.1:8081",
      WELINK_JSAPI_URL: "http://127.0.0.1:8081/hwh5.js",
    });
  });
});
