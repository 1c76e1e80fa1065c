import { afterEach, describe, expect, test } from "bun:test";
import { mintAuthCode } from "../../src/sandbox/welink/auth.ts";
import { collect } from "../../src/welink/paging.ts";
import { createWelinkRegistry } from "../../src/welink/registry.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { captureLog, clientOf, seedDept, CLIENT_ID, SECRET } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

/** Everything an error exposes: message, own fields (as a problem renderer or logger would), cause. */
const exposed = (e: unknown): string => {
  const err = e as Error & { cause?: unknown };
  return [err.message, JSON.stringify(err), String(err.cause ?? ""), err.stack ?? ""].join("\n");
};

describe("WeLink client: nothing secret leaks", () => {
  test("secrets, tokens and codes never appear in logs or errors, across failing and renewed calls", async () => {
    let offset = 0;
    rs = startSandbox({ now: () => Date.now() + offset });
    seedDept(rs.sb, 60);
    const { log, lines } = captureLog();
    const registry = createWelinkRegistry();
    const errors: unknown[] = [];
    const keep = (p: Promise<unknown>) => p.catch((e) => errors.push(e));
    const client = clientOf(rs, { log, registry });

    // A wrong secret (its value must not leak either).
    await keep(clientOf(rs, { log, registry, clientSecret: "wrong-secret-value-42" }).testConnection());
    // A listing across a token expiry (47101 → renewal), then injected 5xx and a 48503.
    for await (const _ of client.contacts.list.users({ deptCode: "10" }, { pageSize: 10 })) offset += 3600_000;
    rs.sb.faults.errorRates["/api/contact/v1/users"] = { rate: 1, code: "http500" };
    await keep(clientOf(rs, { log, registry, retries: 1 }).contacts.user({ userId: "user1@welink" }));
    // Free-login and OAuth codes, used twice and bogus.
    const code = mintAuthCode(rs.sb, CLIENT_ID, "user1@welink");
    await client.auth.userFromCode(code);
    await keep(client.auth.userFromCode(code));
    const userToken = await client.auth.userTokenFromCode(mintAuthCode(rs.sb, CLIENT_ID, "user2@welink"));
    await client.auth.userOfToken(userToken);
    await keep(client.auth.exchangeOAuthCode({ code: "bogus-oauth-code-1234567", redirectUri: "http://oa.example/cb" }));
    await keep(client.auth.userOfToken({ accessToken: "stale-user-token-987654" }));

    expect(errors.length).toBe(5);
    const tokens = [...rs.sb.tokens.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const secrets = [SECRET, "wrong-secret-value-42", code, "bogus-oauth-code-1234567", "stale-user-token-987654", userToken.accessToken, ...tokens];
    const text = [...lines, ...errors.map(exposed)].join("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const s of secrets) expect(text).not.toContain(s);
  });

  test("the client's own error texts name the API path but never its query", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const client = clientOf(rs);
    const code = mintAuthCode(rs.sb, CLIENT_ID, "user1@welink");
    await client.auth.userFromCode(code);
    const e = await client.auth.userFromCode(code).catch((x) => x);
    expect(e.message).toContain("GET /api/auth/v2/userid");
    expect(exposed(e)).not.toContain(code);
    await collect(client.contacts.list.users({ deptCode: "10" }));
  });
});
