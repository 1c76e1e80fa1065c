import { afterEach, beforeEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWK } from "jose";
import { rotateMasterKeyCommand } from "../../../src/cli/rotate-master-key.ts";
import { parseConfig } from "../../../src/config.ts";
import { buildDeps } from "../../../src/deps.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { createLogger } from "../../../src/kernel/log.ts";
import { issueHandoff } from "../../../src/login/handoff/handoff.ts";
import { ensureSigningKey, listSigningKeys, publicJwks, rotateSigningKeys, signingKeyFor } from "../../../src/login/handoff/keys.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";

const HOUR = 3_600_000;
const clock = frozenClock(Date.UTC(2026, 5, 1, 8));
let h: Harness;
let tenantId: string;
let oaToken: string;

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;
const kidsServed = async () => ((await (await h.app.request("/.well-known/jwks.json")).json()) as { keys: JWK[] }).keys.map((k) => k.kid);
const issue = () => issueHandoff(h.deps, { tenantId, oaUserId: "u1" });
const redeem = (token: string) => h.call("POST", "/api/v1/handoff/redeem", { token: oaToken, body: { token } });

beforeEach(async () => {
  clock.set(Date.UTC(2026, 5, 1, 8));
  h = await startHarness({ clock });
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  oaToken = await h.tenantToken("default", ["oa"]);
});
afterEach(() => h.close());

describe("handoff signing keys", () => {
  test("the first handoff creates the key; its private half is sealed at rest, the public half is served", async () => {
    expect(await listSigningKeys(h.deps)).toEqual([]);
    const { token } = await issue();
    const [key] = await listSigningKeys(h.deps);
    expect(key).toMatchObject({ kid: kidOf(token), alg: "ES256", status: "signing", verifyUntil: null });
    const raw = await h.deps.database.client.execute("SELECT public_jwk, private_jwk FROM signing_keys");
    const publicJwk = String(raw.rows[0]!.public_jwk);
    const privateJwk = String(raw.rows[0]!.private_jwk);
    expect(privateJwk).toStartWith("v1.");
    expect(privateJwk).not.toContain('"d"');
    expect(JSON.parse(publicJwk)).not.toHaveProperty("d");
    expect(await kidsServed()).toEqual([kidOf(token)]);
    // Asking again does not add keys.
    await ensureSigningKey(h.deps, "ES256");
    expect(await listSigningKeys(h.deps)).toHaveLength(1);
  });

  test("rotate: the new kid signs, the old one stays in the key set and keeps verifying until the overlap ends", async () => {
    const before = await issue();
    const oldKid = kidOf(before.token);
    const oldKey = await signingKeyFor(h.deps, "ES256");
    const { key, retired } = await rotateSigningKeys(h.deps, { overlapMs: 2 * HOUR });
    expect(retired).toBe(1);
    const after = await issue();
    expect(kidOf(after.token)).toBe(key.kid);
    expect(key.kid).not.toBe(oldKid);
    expect((await kidsServed()).sort()).toEqual([oldKid, key.kid].sort());

    // A token signed just before the rotation still verifies (key set and redeem).
    const set = createLocalJWKSet(await publicJwks(h.deps));
    await jwtVerify(before.token, set, { currentDate: new Date(clock.now()) });
    expect((await redeem(before.token)).status).toBe(200);
    expect(await listSigningKeys(h.deps)).toContainEqual(expect.objectContaining({ kid: oldKid, status: "verifying", verifyUntil: new Date(clock.now() + 2 * HOUR).toISOString() }));

    // Past the overlap the old key is gone: not served, and a token it signs is refused.
    clock.advance(2 * HOUR + 1);
    expect(await kidsServed()).toEqual([key.kid]);
    const iat = Math.floor(clock.now() / 1000);
    const late = await new SignJWT({ target: "x" })
      .setProtectedHeader({ alg: "ES256", kid: oldKid, typ: "JWT" })
      .setIssuer(h.config.publicUrl)
      .setAudience("oa:default")
      .setSubject("u1")
      .setJti("late-jti-0000000000000")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 30)
      .sign(oldKey.privateKey);
    const res = await redeem(late);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "HANDOFF_INVALID" });
  });

  test("an overlap of 0 drops the old keys at once (after a leak); rotating one algorithm leaves the other alone", async () => {
    const es = await ensureSigningKey(h.deps, "ES256");
    const rs = await ensureSigningKey(h.deps, "RS256");
    const { key } = await rotateSigningKeys(h.deps, { alg: "ES256", overlapMs: 0 });
    expect((await kidsServed()).sort()).toEqual([key.kid, rs.kid].sort());
    expect(await kidsServed()).not.toContain(es.kid);
  });

  test("a rotation is audited at the global level", async () => {
    const { key } = await rotateSigningKeys(h.deps, { overlapMs: HOUR });
    const audit = await (await h.call("GET", "/api/v1/audit?action=handoff.keys")).text();
    expect(audit).toContain(`key:${key.kid}`);
  });

  test("a master-key rotation re-seals the private keys", async () => {
    const { kid } = await ensureSigningKey(h.deps, "ES256");
    expect(await rotateMasterKeyCommand(h.deps, [], () => {})).toBe(0);
    const config = parseConfig({ DATABASE_URL: h.config.databaseUrl, BRIDGE_MASTER_KEY_FILE: `${h.dir}/master.key` });
    const deps = await buildDeps(config, { log: createLogger("silent") });
    try {
      const row = (await deps.database.client.execute({ sql: "SELECT private_jwk FROM signing_keys WHERE kid = ?", args: [kid] })).rows[0]!;
      const jwk = JSON.parse(await deps.box.open(String(row[0]), `signing_keys.private_jwk:${kid}`)) as JWK;
      expect(jwk).toMatchObject({ kty: "EC", crv: "P-256" });
      expect(jwk.d).toBeString();
    } finally {
      deps.database.close();
    }
  });
});
