import { afterEach, describe, expect, test } from "bun:test";
import { registerSignInJobs } from "../../../src/login/index.ts";
import { sweepSignIn } from "../../../src/login/session/sweep.ts";
import { backChannel, casWorld, type CasWorld } from "./support.ts";

let w: CasWorld | undefined;
let channel: ReturnType<typeof backChannel> | undefined;
afterEach(() => {
  w?.h.close();
  channel?.stop();
  w = undefined;
  channel = undefined;
});

/** The loopback back channel of this test, stopped after it. */
const listen = () => (channel = backChannel());

const MINUTE = 60_000;
const count = async (w: CasWorld, sql: string) => Number((await w.h.deps.database.client.execute(sql)).rows[0]!.n);
const sessionRows = async (w: CasWorld) => (await w.h.deps.database.client.execute("SELECT id, ended_at, end_reason FROM sign_in_sessions ORDER BY created_at")).rows;

/** An OIDC code and access token of a session, as the provider stores them (hashes only). */
async function oidcRows(w: CasWorld, sessionId: string, tag: string, codeTtl: number, tokenTtl: number) {
  const now = w.now();
  await w.h.deps.database.client.execute({
    sql: "INSERT INTO oidc_codes (code_hash, tenant_id, client_id, session_id, redirect_uri, scope, auth_time, created_at, expires_at) VALUES (?, ?, 'c1', ?, 'https://rp/cb', 'openid', ?, ?, ?)",
    args: [`code-${tag}`, w.tenant.id, sessionId, now, now, now + codeTtl],
  });
  await w.h.deps.database.client.execute({
    sql: "INSERT INTO oidc_tokens (token_hash, tenant_id, client_id, session_id, code_hash, scope, created_at, expires_at) VALUES (?, ?, 'c1', ?, ?, 'openid', ?, ?)",
    args: [`token-${tag}`, w.tenant.id, sessionId, `code-${tag}`, now, now + tokenTtl],
  });
}

describe("the sign-in sweep (scheduled every minute when serving)", () => {
  test("an expired session ends as 'expired' and its services get single logout; its tickets, codes and tokens go; a day later the row goes", async () => {
    const bc = listen();
    w = await casWorld({ slo: bc.prefix });
    const cookie = await w.signIn();
    const service = `${bc.prefix}home`;
    const ticket = w.ticketOf(await w.login({ service }, cookie));
    expect(await (await w.validate("serviceValidate", { service, ticket })).text()).toContain("zhang.san");
    const id = (await sessionRows(w))[0]!.id as string;
    await oidcRows(w, id, "a", MINUTE, 60 * MINUTE);

    // Still live: nothing happens to the session or its validated ticket.
    expect(await sweepSignIn(w.h.deps)).toEqual({ expired: 0, ticketsDeleted: 0, sessionsDeleted: 0 });
    expect(await count(w, "SELECT count(*) AS n FROM cas_tickets")).toBe(1);
    expect(bc.posts).toHaveLength(0);

    w.tick(480 * MINUTE + 1); // past the default session lifetime (480 minutes)
    expect(await sweepSignIn(w.h.deps)).toEqual({ expired: 1, ticketsDeleted: 0, sessionsDeleted: 0 });
    expect(bc.posts).toHaveLength(1);
    expect(bc.posts[0]!.logoutRequest).toContain(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`);
    expect(bc.posts[0]!.logoutRequest).toContain("<saml:NameID>zhang.san</saml:NameID>");
    const [row] = await sessionRows(w);
    expect(row!.end_reason).toBe("expired");
    expect(await count(w, "SELECT count(*) AS n FROM cas_tickets")).toBe(0);
    expect(await count(w, "SELECT count(*) AS n FROM oidc_codes")).toBe(0);
    expect(await count(w, "SELECT count(*) AS n FROM oidc_tokens")).toBe(0);
    // The browser is sent to sign in again.
    expect(new URL((await w.login({ service }, cookie)).headers.get("location")!, "http://b").pathname).toBe("/t/default/signin");

    // A second run sends nothing again; the ended row stays for a day (the admin's "all" list), then goes.
    expect(await sweepSignIn(w.h.deps)).toEqual({ expired: 0, ticketsDeleted: 0, sessionsDeleted: 0 });
    w.tick(24 * 60 * MINUTE - 2 * MINUTE);
    expect((await sweepSignIn(w.h.deps)).sessionsDeleted).toBe(0);
    w.tick(3 * MINUTE);
    expect((await sweepSignIn(w.h.deps)).sessionsDeleted).toBe(1);
    expect(await sessionRows(w)).toHaveLength(0);
    expect(bc.posts).toHaveLength(1);
  });

  test("unvalidated tickets past their 10 s and the tickets of a replaced session go; a live session's validated ticket stays", async () => {
    w = await casWorld();
    const first = await w.signIn();
    const service = "https://oa.example.com/cas/app";
    w.ticketOf(await w.login({ service }, first)); // never validated, from the session about to be replaced
    const second = await w.signIn(first); // a new proof in the same browser ends the first session
    const kept = w.ticketOf(await w.login({ service }, second));
    expect(await (await w.validate("serviceValidate", { service, ticket: kept })).text()).toContain("zhang.san");
    w.ticketOf(await w.login({ service }, second)); // issued, never validated
    w.tick(11_000);
    expect(await sweepSignIn(w.h.deps)).toEqual({ expired: 0, ticketsDeleted: 2, sessionsDeleted: 0 });
    const left = (await w.h.deps.database.client.execute("SELECT used_at FROM cas_tickets")).rows;
    expect(left).toHaveLength(1);
    expect(left[0]!.used_at).not.toBeNull();
    // OIDC: a live token stays, a revoked one and an expired code go.
    const live = (await sessionRows(w)).find((r) => r.ended_at === null)!.id as string;
    await oidcRows(w, live, "b", -1, 60 * MINUTE);
    await w.h.deps.database.client.execute({ sql: "UPDATE oidc_tokens SET revoked_at = ? WHERE token_hash = 'token-b'", args: [w.now() - 1] });
    await oidcRows(w, live, "c", MINUTE, 60 * MINUTE);
    await sweepSignIn(w.h.deps);
    expect((await w.h.deps.database.client.execute("SELECT code_hash FROM oidc_codes")).rows.map((r) => r.code_hash)).toEqual(["code-c"]);
    expect((await w.h.deps.database.client.execute("SELECT token_hash FROM oidc_tokens")).rows.map((r) => r.token_hash)).toEqual(["token-c"]);
  });

  test("serving registers the sweep every minute", async () => {
    w = await casWorld();
    registerSignInJobs(w.h.deps);
    expect(w.h.deps.scheduler.names()).toContain("sign-in:sweep");
  });
});
