import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { issueHandoff } from "../../../src/login/handoff/handoff.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { startDemoOa, type RunningDemoOa } from "../../../src/sandbox/oa/server.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { freePort } from "../../helpers/cli.ts";

/** The demo OA against a bridge served in process on loopback: the OA fetches the key set and redeems over real HTTP. */
const clock = frozenClock(Date.now());
let h: Harness;
let bridge: ReturnType<typeof Bun.serve>;
let oa: RunningDemoOa;
let tenantId: string;
let person: OaPerson;

beforeAll(async () => {
  const port = freePort();
  h = await startHarness({ clock, env: { BRIDGE_PUBLIC_URL: `http://127.0.0.1:${port}` } });
  bridge = Bun.serve({ hostname: "127.0.0.1", port, fetch: (req) => h.app.fetch(req) });
  const token = await h.tenantToken("default", ["oa"]);
  oa = startDemoOa({ seed: 3, users: 30, depts: 4, bridge: { url: h.config.publicUrl, token } });
  expect((await h.call("PUT", "/api/v1/oa/portal", { tenant: "default", body: { webBaseUrl: oa.url } })).status).toBe(200);
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  person = oa.org.users.find((u) => u.status === "active")!;
});
afterAll(() => {
  oa.stop();
  bridge.stop(true);
  h.close();
});

/** A handoff issued at `at` (the bridge's clock), as the bridge would send the browser. */
async function handoff(target?: string, at = Date.now()) {
  clock.set(at);
  const issued = await issueHandoff(h.deps, { tenantId, oaUserId: person.id, target });
  clock.set(Date.now());
  return issued;
}

const open = (url: string) => fetch(url, { redirect: "manual" });
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("the demo OA's sign-on from the bridge", () => {
  test("a valid handoff starts a session and lands on the target, which says who is signed in", async () => {
    const { url } = await handoff("/todo");
    expect(url.startsWith(`${oa.url}/sso/welink-bridge?token=`)).toBe(true);
    const res = await open(url);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/todo");
    const cookie = cookieOf(res);
    expect(cookie).toStartWith("demo_oa_session=");
    const page = await (await fetch(`${oa.url}/todo`, { headers: { cookie } })).text();
    expect(page).toContain(`已登录：${person.name}（${person.loginName}）`);
    expect(page).toContain(`signed in as ${person.name} (${person.loginName})`);
    const home = await (await fetch(`${oa.url}/`, { headers: { cookie } })).text();
    expect(home).toContain(`已登录：${person.name}（${person.loginName}）`);
  });

  test("a replayed handoff is refused even though its signature is valid, and starts no session", async () => {
    const { url } = await handoff();
    expect((await open(url)).status).toBe(303);
    const again = await open(url);
    expect(again.status).toBe(403);
    expect(again.headers.get("set-cookie")).toBeNull();
    const html = await again.text();
    expect(html).toContain("已经使用过");
    expect(html).toContain("HANDOFF_USED");
  });

  test("a forged handoff (altered claims, or signed by another key under the bridge's kid) is refused", async () => {
    const { token } = await handoff();
    const [head, body, sig] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const altered = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: "u100002" })).toString("base64url")}.${sig}`;
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: decodeProtectedHeader(token).kid!, typ: "JWT" }).sign(privateKey);
    for (const forged of [altered, foreign, "garbage"]) {
      const res = await open(`${oa.url}/sso/welink-bridge?token=${encodeURIComponent(forged)}`);
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain("登录令牌无效");
    }
    // The genuine token was never burned by those attempts.
    expect((await open(`${oa.url}/sso/welink-bridge?token=${token}`)).status).toBe(303);
  });

  test("an expired handoff is refused", async () => {
    const { url } = await handoff(undefined, Date.now() - 120_000);
    const res = await open(url);
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("已过期");
  });

  test("without a bridge connected the SSO endpoint says so", async () => {
    const lone = startDemoOa({ seed: 3, users: 5, depts: 2 });
    try {
      const res = await open(`${lone.url}/sso/welink-bridge?token=x`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("尚未连接");
    } finally {
      lone.stop();
    }
  });
});
