import { afterEach, describe, expect, test } from "bun:test";
import * as client from "openid-client";
import { authorizeWith, oidcWorld, REDIRECT, type OidcWorld } from "./support.ts";

let w: OidcWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

async function confidential() {
  w = await oidcWorld();
  await w.signIn();
  const reg = await w.register("confidential");
  const config = await w.configFor(reg.clientId, client.ClientSecretBasic(reg.clientSecret!));
  return { w, reg, config };
}

/** A raw token request (form body), for what openid-client would refuse to send. */
async function tokenRequest(w: OidcWorld, form: Record<string, string>, basic?: [string, string]) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (basic) headers.authorization = `Basic ${btoa(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`)}`;
  const res = await w.h.app.request(`${w.issuer}/token`, { method: "POST", headers, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as { error?: string; access_token?: string }, res };
}

const grantError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { error?: string }).error ?? String(e);
  }
  return "no error";
};

describe("OpenID Connect provider refusals", () => {
  test("a reused code → invalid_grant, and the access token its first use issued is revoked", async () => {
    const { w, config } = await confidential();
    const a = await authorizeWith(w, config);
    const checks = { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce };
    const first = await client.authorizationCodeGrant(config, new URL(a.location), checks);
    expect((await client.fetchUserInfo(config, first.access_token, "oa-42")).sub).toBe("oa-42");
    expect(await grantError(client.authorizationCodeGrant(config, new URL(a.location), checks))).toBe("invalid_grant");
    const info = await w.h.app.request(`${w.issuer}/userinfo`, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  test("a code older than 60 s → invalid_grant", async () => {
    const { w, config } = await confidential();
    const a = await authorizeWith(w, config);
    w.clock.advance(60_000);
    const code = new URL(a.location).searchParams.get("code")!;
    const r = await tokenRequest(w, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: a.verifier, client_id: config.clientMetadata().client_id, client_secret: "x" });
    expect(r.status).toBe(401); // the secret is wrong too: client authentication comes first
    const b = await authorizeWith(w, config);
    w.clock.advance(60_000);
    expect(await grantError(client.authorizationCodeGrant(config, new URL(b.location), { pkceCodeVerifier: b.verifier, expectedState: b.state, expectedNonce: b.nonce }))).toBe("invalid_grant");
  });

  test("a wrong redirect_uri or an unknown client → an error page, never a redirect; a differing one at the token endpoint → invalid_grant", async () => {
    const { w, reg, config } = await confidential();
    for (const [extra, code] of [[{ redirect_uri: "http://127.0.0.1:9/callback/other" }, "bad_redirect_uri"], [{ redirect_uri: "https://evil.example/cb" }, "bad_redirect_uri"], [{ client_id: "oidc_nobody" }, "unknown_client"]] as const) {
      const a = await authorizeWith(w, config, extra);
      expect(a.res.status).toBe(400);
      expect(a.res.headers.get("location")).toBeNull();
      expect(await a.res.text()).toContain(`data-code="${code}"`);
    }
    const a = await authorizeWith(w, config);
    const code = new URL(a.location).searchParams.get("code")!;
    const r = await tokenRequest(w, { grant_type: "authorization_code", code, redirect_uri: `${REDIRECT}/other`, code_verifier: a.verifier }, [reg.clientId, reg.clientSecret!]);
    expect(r).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("PKCE: a missing or wrong verifier → invalid_grant; plain is refused; a public client must send a challenge", async () => {
    const { w, reg, config } = await confidential();
    for (const verifier of [undefined, client.randomPKCECodeVerifier()]) {
      const a = await authorizeWith(w, config);
      const code = new URL(a.location).searchParams.get("code")!;
      const r = await tokenRequest(w, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, ...(verifier ? { code_verifier: verifier } : {}) }, [reg.clientId, reg.clientSecret!]);
      expect(r).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    }
    const plain = await authorizeWith(w, config, { code_challenge_method: "plain", code_challenge: "a".repeat(43) });
    expect(new URL(plain.location).searchParams.get("error")).toBe("invalid_request");
    const pub = await w.register("public");
    const url = new URL(`${w.issuer}/authorize`);
    url.search = new URLSearchParams({ client_id: pub.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid", state: "st" }).toString();
    const back = new URL((await w.visit(url)).headers.get("location")!);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("state")).toBe("st");
  });

  test("a wrong client secret (basic or post) → invalid_client 401; a public client cannot send one", async () => {
    const { w, reg, config } = await confidential();
    const a = await authorizeWith(w, config);
    const code = new URL(a.location).searchParams.get("code")!;
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: a.verifier };
    const basic = await tokenRequest(w, form, [reg.clientId, "not-the-secret"]);
    expect(basic).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(basic.res.headers.get("www-authenticate")).toContain("Basic");
    expect(await tokenRequest(w, { ...form, client_id: reg.clientId, client_secret: "not-the-secret" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await tokenRequest(w, { ...form, client_id: reg.clientId })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    // The code is still good for the right secret: a failed authentication does not burn it.
    expect(await tokenRequest(w, form, [reg.clientId, reg.clientSecret!])).toMatchObject({ status: 200 });
  });

  test("prompt=none without a session → login_required to the client; without prompt → the sign-in page", async () => {
    w = await oidcWorld();
    const reg = await w.register("public");
    const config = await w.configFor(reg.clientId, client.None());
    const none = await authorizeWith(w, config, { prompt: "none" });
    const back = new URL(none.location);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("error")).toBe("login_required");
    expect(back.searchParams.get("state")).toBe(none.state);
    const plain = await authorizeWith(w, config);
    const signin = new URL(plain.location, w.h.config.publicUrl);
    expect(signin.pathname).toBe("/t/default/signin");
    expect(signin.searchParams.get("return")).toStartWith("/t/default/oidc/authorize?");
  });

  test("prompt=login asks for a new WeLink proof, and the code comes only after it", async () => {
    w = await oidcWorld();
    await w.signIn();
    const reg = await w.register("public");
    const config = await w.configFor(reg.clientId, client.None());
    const a = await authorizeWith(w, config, { prompt: "login" });
    const signin = new URL(a.location, w.h.config.publicUrl);
    expect(signin.pathname).toBe("/t/default/signin");
    expect(signin.searchParams.get("renew")).toBe("1");
    const returnTo = signin.searchParams.get("return")!;
    w.clock.advance(1000);
    // Back at the same address without a new proof: still no code.
    expect((await w.visit(returnTo)).headers.get("location")).toStartWith("/t/default/signin?");
    // A forged marker does not count either.
    const forged = returnTo.replace(/login_after=[^&]+/, "login_after=forged");
    expect((await w.visit(forged)).headers.get("location")).toStartWith("/t/default/signin?");
    await w.signIn();
    const back = new URL((await w.visit(returnTo)).headers.get("location")!);
    expect(back.searchParams.get("code")).toBeTruthy();
    const t = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: a.verifier, expectedState: a.state, expectedNonce: a.nonce });
    expect(t.claims()!.auth_time).toBe(Math.floor(w.clock.now() / 1000));
  });

  test("only the code flow: response_type=token → unsupported_response_type; scope without openid → invalid_scope", async () => {
    const { w, config } = await confidential();
    expect(new URL((await authorizeWith(w, config, { response_type: "token" })).location).searchParams.get("error")).toBe("unsupported_response_type");
    expect(new URL((await authorizeWith(w, config, { scope: "profile" })).location).searchParams.get("error")).toBe("invalid_scope");
  });
});
