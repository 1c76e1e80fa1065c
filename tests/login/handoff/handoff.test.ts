import { afterEach, beforeEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { issueHandoff } from "../../../src/login/handoff/handoff.ts";
import { upsertUsers } from "../../../src/oa/store.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";

const BRIDGE = "https://bridge.example.com";
const OA = "https://oa.example.com/oa";
const clock = frozenClock(Date.UTC(2026, 5, 1, 8));
let h: Harness;
let tenantId: string;
let oaToken: string;

const json = async <X = Record<string, unknown>>(r: Response) => (await r.json()) as X;
const redeem = (token: string, as = oaToken) => h.call("POST", "/api/v1/handoff/redeem", { token: as, body: { token } });
const issue = (target?: string) => issueHandoff(h.deps, { tenantId, oaUserId: "u100001", target });

beforeEach(async () => {
  clock.set(Date.UTC(2026, 5, 1, 8));
  h = await startHarness({ clock, env: { BRIDGE_PUBLIC_URL: BRIDGE } });
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  await upsertUsers(h.deps.db, tenantId, [{ id: "u100001", account: "zhangwei", name: "张伟", partTimeDeptIds: [], active: true }]);
  expect((await h.call("PUT", "/api/v1/oa/portal", { tenant: "default", body: { webBaseUrl: OA } })).status).toBe(200);
  oaToken = await h.tenantToken("default", ["oa"]);
});
afterEach(() => h.close());

async function servedKeySet() {
  const res = await h.app.request("/.well-known/jwks.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  return createLocalJWKSet((await res.json()) as { keys: JWK[] });
}

describe("issuing a handoff", () => {
  test("an ES256 JWT with kid and typ, for the tenant's OA, about the OA user, living 30 seconds", async () => {
    const { token, url, expiresAt } = await issue("/todo");
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: "ES256", typ: "JWT" });
    expect(header.kid).toMatch(/^[\w-]{43}$/);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: BRIDGE, aud: "oa:default", sub: "u100001", target: `${OA}/todo` });
    expect(claims.jti).toMatch(/^[\w-]{20,}$/);
    expect(claims.iat).toBe(Math.floor(clock.now() / 1000));
    expect(claims.exp! - claims.iat!).toBe(30);
    expect(expiresAt).toBe(claims.exp! * 1000);
    expect(url).toBe(`${OA}/sso/welink-bridge?token=${token}`);
  });

  test("verifies with jose against the served key set, with the tenant's audience and the bridge as issuer", async () => {
    const { token } = await issue();
    const { payload } = await jwtVerify(token, await servedKeySet(), { issuer: BRIDGE, audience: "oa:default", currentDate: new Date(clock.now()) });
    expect(payload.sub).toBe("u100001");
    await expect(jwtVerify(token, await servedKeySet(), { audience: "oa:other", currentDate: new Date(clock.now()) })).rejects.toThrow();
  });

  test("a target outside the OA's base URL is replaced by the OA's root", async () => {
    for (const target of ["https://evil.com/", "//evil.com", "/\\evil.com", "https://oa.example.com/elsewhere"]) {
      expect(decodeJwt((await issue(target)).token).target).toBe(`${OA}/`);
    }
  });

  test("an RS256 tenant gets RS256 tokens, verifiable with the RSA key in the same key set", async () => {
    await h.call("PUT", "/api/v1/oa/portal", { tenant: "default", body: { webBaseUrl: OA, handoffAlg: "RS256" } });
    const { token } = await issue();
    expect(decodeProtectedHeader(token).alg).toBe("RS256");
    const set = (await json<{ keys: JWK[] }>(await h.app.request("/.well-known/jwks.json"))).keys;
    expect(set.map((k) => k.kty).sort()).toEqual(["EC", "RSA"]);
    await jwtVerify(token, await servedKeySet(), { issuer: BRIDGE, audience: "oa:default", currentDate: new Date(clock.now()) });
    expect((await redeem(token)).status).toBe(200);
  });
});

describe("redeeming a handoff", () => {
  test("once: the OA user with account and name, the target and the tenant; a second time: 409 HANDOFF_USED", async () => {
    const { token } = await issue("/workflow/9");
    const first = await redeem(token);
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ oaUserId: "u100001", account: "zhangwei", name: "张伟", target: `${OA}/workflow/9`, tenant: "default" });
    const second = await redeem(token);
    expect(second.status).toBe(409);
    expect(await json(second)).toMatchObject({ code: "HANDOFF_USED" });
  });

  test("racing redeems of one token: exactly one wins", async () => {
    const { token } = await issue();
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => redeem(token)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
  });

  test("after 30 seconds: 401 HANDOFF_EXPIRED", async () => {
    const { token } = await issue();
    clock.advance(31_000);
    const res = await redeem(token);
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ code: "HANDOFF_EXPIRED" });
  });

  test("a tampered, re-signed or unsigned token: 401 HANDOFF_INVALID", async () => {
    const { token } = await issue();
    const [head, body, sig] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const otherBody = Buffer.from(JSON.stringify({ ...claims, sub: "u100002" })).toString("base64url");
    const noneHead = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT", kid: decodeProtectedHeader(token).kid })).toString("base64url");
    const flipped = sig.slice(0, 10) + (sig[10] === "A" ? "B" : "A") + sig.slice(11);
    for (const bad of [`${head}.${otherBody}.${sig}`, `${head}.${body}.${flipped}`, `${noneHead}.${body}.`, "not-a-jwt"]) {
      const res = await redeem(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 401 });
      expect(await json(res)).toMatchObject({ code: "HANDOFF_INVALID" });
    }
    // None of these burned the real token.
    expect((await redeem(token)).status).toBe(200);
  });

  test("another tenant's OA token: 403 HANDOFF_WRONG_TENANT, and the token stays redeemable by its own OA", async () => {
    const { token } = await issue();
    const otherOa = await h.tenantToken("tenant-b", ["oa"]);
    const res = await redeem(token, otherOa);
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: "HANDOFF_WRONG_TENANT" });
    expect((await redeem(token)).status).toBe(200);
  });

  test("a token without the oa scope may not redeem", async () => {
    const { token } = await issue();
    const res = await redeem(token, await h.tenantToken("default", ["read"]));
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: "FORBIDDEN" });
  });

  test("an OA user missing from the OA directory is still handed over, without account and name", async () => {
    const { token } = await issueHandoff(h.deps, { tenantId, oaUserId: "u-unknown" });
    expect(await json(await redeem(token))).toEqual({ oaUserId: "u-unknown", target: `${OA}/`, tenant: "default" });
  });
});
