import { afterEach, describe, expect, test } from "bun:test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import * as client from "openid-client";
import { rotateSigningKeys } from "../../../src/login/index.ts";
import { AFTER_LOGOUT, authorizeWith, oidcWorld, REDIRECT, type OidcWorld } from "./support.ts";

let w: OidcWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

describe("OpenID Connect provider, driven by openid-client", () => {
  test("discovery → PKCE authorization → code → tokens (id_token checked by openid-client) → userinfo, for a confidential client with client_secret_basic", async () => {
    w = await oidcWorld();
    const reg = await w.register("confidential");
    const config = await w.configFor(reg.clientId, client.ClientSecretBasic(reg.clientSecret!));
    expect(config.serverMetadata().issuer).toBe(w.issuer);
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(["S256"]);
    const sessionId = await w.signIn();

    const a = await authorizeWith(w, config);
    expect(a.res.status).toBe(302);
    expect(a.location.startsWith(`${REDIRECT}?`)).toBe(true);
    const back = new URL(a.location);
    expect(back.searchParams.get("state")).toBe(a.state);
    expect(back.searchParams.get("iss")).toBe(w.issuer);

    const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce, idTokenExpected: true });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(w.issuer);
    expect(claims.aud).toBe(reg.clientId);
    expect(claims.sub).toBe("oa-42");
    expect(claims.nonce).toBe(a.nonce);
    expect(claims.auth_time).toBe(Math.floor(w.clock.now() / 1000));
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    expect(claims.sid).toBe(sessionId);
    const header = decodeProtectedHeader(tokens.id_token!);
    expect(header.alg).toBe("ES256");
    const jwks = (await (await w.visit(`${w.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid!);

    const info = await client.fetchUserInfo(config, tokens.access_token, "oa-42");
    expect(info as Record<string, unknown>).toEqual({
      sub: "oa-42", name: "张三", preferred_username: "zhangsan", welink_user_id: "wl-42", welink_corp: "acme-welink", welink_corp_name: "Acme",
      email: "zhangsan@acme.example", phone_number: "+86-13800000042",
    });
    // Access tokens are stored hashed.
    const stored = (await w.h.deps.database.client.execute("SELECT token_hash FROM oidc_tokens")).rows;
    expect(stored.map((r) => String(r.token_hash))).not.toContain(tokens.access_token);
  });

  test("a public client with PKCE and client_secret_post for a confidential one; the scope limits the claims", async () => {
    w = await oidcWorld();
    await w.signIn();
    const pub = await w.register("public");
    expect(pub.clientSecret).toBeNull();
    const pc = await w.configFor(pub.clientId, client.None());
    const a = await authorizeWith(w, pc, { scope: "openid email" });
    const t = await client.authorizationCodeGrant(pc, new URL(a.location), { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce });
    expect((await client.fetchUserInfo(pc, t.access_token, "oa-42")) as Record<string, unknown>).toEqual({ sub: "oa-42", email: "zhangsan@acme.example" });

    const conf = await w.register("confidential");
    const cc = await w.configFor(conf.clientId, client.ClientSecretPost(conf.clientSecret!));
    const b = await authorizeWith(w, cc);
    const t2 = await client.authorizationCodeGrant(cc, new URL(b.location), { pkceCodeVerifier: b.verifier, expectedState: b.state, expectedNonce: b.nonce });
    expect(t2.claims()!.aud).toBe(conf.clientId);
  });

  test("the id_token of a rotated-out key still verifies while the key verifies; the new key signs", async () => {
    w = await oidcWorld();
    await w.signIn();
    const reg = await w.register("confidential");
    const config = await w.configFor(reg.clientId, client.ClientSecretBasic(reg.clientSecret!));
    const a = await authorizeWith(w, config);
    const first = await client.authorizationCodeGrant(config, new URL(a.location), { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce });
    const oldKid = decodeProtectedHeader(first.id_token!).kid;
    await rotateSigningKeys(w.h.deps, { alg: "ES256", overlapMs: 600_000 });
    const jwks = (await (await w.visit(`${w.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(oldKid!);
    const fresh = await client.discovery(new URL(w.issuer), reg.clientId, undefined, client.ClientSecretBasic(reg.clientSecret!), { execute: [client.allowInsecureRequests], [client.customFetch]: w.appFetch });
    fresh[client.customFetch] = w.appFetch;
    client.enableNonRepudiationChecks(fresh);
    const b = await authorizeWith(w, fresh);
    const second = await client.authorizationCodeGrant(fresh, new URL(b.location), { pkceCodeVerifier: b.verifier, expectedState: b.state, expectedNonce: b.nonce });
    expect(decodeProtectedHeader(second.id_token!).kid).not.toBe(oldKid);
    expect(decodeJwt(second.id_token!).sub).toBe("oa-42");
  });

  test("RP-initiated logout: id_token_hint and a registered post-logout URI end the session and its access tokens", async () => {
    w = await oidcWorld();
    await w.signIn();
    const reg = await w.register("confidential");
    const config = await w.configFor(reg.clientId, client.ClientSecretBasic(reg.clientSecret!));
    const a = await authorizeWith(w, config);
    const t = await client.authorizationCodeGrant(config, new URL(a.location), { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce });
    // An unregistered return address: a page, never a redirect, and the session stays.
    const wrong = await w.visit(client.buildEndSessionUrl(config, { id_token_hint: t.id_token!, post_logout_redirect_uri: "https://evil.example/", state: "s1" }));
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("location")).toBeNull();
    expect(await wrong.text()).toContain("bad_post_logout_uri");
    const out = await w.visit(client.buildEndSessionUrl(config, { id_token_hint: t.id_token!, post_logout_redirect_uri: AFTER_LOGOUT, state: "s1" }));
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(`${AFTER_LOGOUT}?state=s1`);
    await expect(client.fetchUserInfo(config, t.access_token, "oa-42")).rejects.toThrow();
    // The browser is signed out: a new authorization goes to the sign-in page.
    const again = await authorizeWith(w, config);
    expect(again.location).toStartWith("/t/default/signin?return=");
  });

  test("logout without an id_token_hint asks first; only the confirming POST signs out", async () => {
    w = await oidcWorld();
    await w.signIn();
    const reg = await w.register("public");
    const asked = await w.visit(`${w.issuer}/logout?client_id=${reg.clientId}&post_logout_redirect_uri=${encodeURIComponent(AFTER_LOGOUT)}`);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('name="confirm"');
    const pc = await w.configFor(reg.clientId, client.None());
    expect((await authorizeWith(w, pc)).location.startsWith(REDIRECT)).toBe(true);
    // The same POST without the browser's cookie (a cross-site form: SameSite=Lax) ends nothing.
    const form = new URLSearchParams({ client_id: reg.clientId, post_logout_redirect_uri: AFTER_LOGOUT, state: "s2", confirm: "1" });
    const post = (cookie?: string) =>
      w!.h.app.request(`${w!.issuer}/logout`, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) } });
    expect((await post()).status).toBe(302);
    expect((await authorizeWith(w, pc)).location.startsWith(REDIRECT)).toBe(true);
    const confirmed = await post(w.cookie());
    expect(confirmed.headers.get("location")).toBe(`${AFTER_LOGOUT}?state=s2`);
    expect((await authorizeWith(w, pc)).location).toStartWith("/t/default/signin?return=");
  });
});
