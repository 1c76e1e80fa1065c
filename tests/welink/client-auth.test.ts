import { afterEach, describe, expect, test } from "bun:test";
import { mintAuthCode } from "../../src/sandbox/welink/auth.ts";
import { createWelinkRegistry } from "../../src/welink/registry.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { callsTo, clientOf, seedDept, CLIENT_ID } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

/** Plays the browser: WeLink's OAuth2 authorize page, signed in as `userId`, redirects with a code. */
async function oauthCode(userId: string, state = "st-1"): Promise<string> {
  const q = new URLSearchParams({ client_id: CLIENT_ID, response_type: "code", redirect_uri: "http://oa.example/cb", scope: "backendlogin", state, sandbox_user: userId });
  const res = await fetch(`${rs.baseUrl}/sso/oauth2/authorize?${q}`, { redirect: "manual" });
  const code = new URL(res.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`no code from the authorize page (HTTP ${res.status})`);
  return code;
}

describe("WeLink client: tokens and identity", () => {
  test("fetches one app token (v2 tickets) and reuses it for later calls", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 3);
    const client = clientOf(rs);
    expect(await client.testConnection()).toMatchObject({ ok: true });
    await client.contacts.dept({ deptCode: "10" });
    await client.contacts.dept({ corpDeptCode: "C10" });
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(1);
  });

  test("v1 tickets (type e) work as the token API too", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const client = clientOf(rs, { tokenApi: "v1" });
    expect((await client.contacts.dept({ deptCode: "10" })).nameCn).toBe("部门10");
    expect(callsTo(rs.sb, "/api/auth/v1/tickets").length).toBe(1);
  });

  test("clients of one app on one registry share the token (a client per request is fine)", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const registry = createWelinkRegistry();
    for (let i = 0; i < 5; i++) await clientOf(rs, { registry }).contacts.dept({ deptCode: "10" });
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(1);
  });

  test("a free-login code becomes the user (GET /api/auth/v2/userid); a reused code is WELINK_CODE_INVALID", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 2);
    const client = clientOf(rs);
    const code = mintAuthCode(rs.sb, CLIENT_ID, "user2@welink");
    expect(await client.auth.userFromCode(code)).toEqual({ userId: "user2@welink", tenantId: rs.sb.settings.tenantId });
    await expect(client.auth.userFromCode(code)).rejects.toMatchObject({ code: "WELINK_CODE_INVALID", welinkCode: "41504" });
  });

  test("v1 tickets type u give a user token whose owner /auth/v1/userid names", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 2);
    const client = clientOf(rs);
    const token = await client.auth.userTokenFromCode(mintAuthCode(rs.sb, CLIENT_ID, "user1@welink"));
    expect(await client.auth.userOfToken(token)).toMatchObject({ userId: "user1@welink" });
  });

  test("the OAuth2 code exchange (success code 60001) and /auth/v1/userid find the browser's user", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 2);
    const client = clientOf(rs);
    const code = await oauthCode("user1@welink");
    const who = await client.auth.userFromOAuthCode({ code, redirectUri: "http://oa.example/cb", state: "st-1" });
    expect(who).toMatchObject({ userId: "user1@welink", state: "st-1" });
    await expect(client.auth.exchangeOAuthCode({ code, redirectUri: "http://oa.example/cb" })).rejects.toMatchObject({ code: "WELINK_CODE_INVALID" });
  });

  test("a wrong secret fails clearly, once: our own calls never lock the app", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const registry = createWelinkRegistry();
    const wrong = clientOf(rs, { clientSecret: "not-the-secret", registry });
    const attempts: PromiseSettledResult<unknown>[] = await Promise.allSettled(Array.from({ length: 20 }, () => wrong.contacts.dept({ deptCode: "10" })));
    for (let i = 0; i < 10; i++) attempts.push(...(await Promise.allSettled([wrong.testConnection()])));
    for (const a of attempts) {
      expect(a.status).toBe("rejected");
      const reason = (a as PromiseRejectedResult).reason;
      expect(reason).toMatchObject({ code: "WELINK_AUTH_FAILED", welinkCode: "10007", retryable: false });
      expect(reason.message).toContain("client_secret");
    }
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(1);
    // The right secret still works at once: WeLink saw one wrong secret, far from its lock-out.
    expect((await clientOf(rs, { registry }).contacts.dept({ deptCode: "10" })).deptCode).toBe("10");
  });

  test("a locked client id is WELINK_LOCKED with what to do, and is not retried", async () => {
    rs = startSandbox({ settings: { maxWrongSecrets: 1 } });
    await expect(clientOf(rs, { clientSecret: "wrong-secret-1" }).testConnection()).rejects.toMatchObject({ code: "WELINK_AUTH_FAILED" });
    const locked = clientOf(rs).testConnection();
    await expect(locked).rejects.toMatchObject({ code: "WELINK_LOCKED", welinkCode: "41403" });
    await expect(locked).rejects.toThrow(/Correct the client_secret/);
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(2);
  });

  test("a 501 right after a permission grant is cured by one fresh token", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    rs.app.permissions.delete("todo");
    const client = clientOf(rs);
    await client.contacts.dept({ deptCode: "10" }); // token issued without the todo grant
    rs.app.permissions.add("todo"); // the admin grants it in the console
    const added = await client.todo.addTask({ taskId: "t-1", title: "Approve", userId: "user1@welink", detailsUrl: "https://oa.example/t/1", appName: "OA", applicant: { userId: "user1@welink" }, applicantId: "a-1" });
    expect(added.taskId).toBe("t-1");
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(2);
  });

  test("a missing permission is WELINK_NO_PERMISSION naming what to apply for, after one token renewal", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    rs.app.permissions.delete("message");
    const client = clientOf(rs);
    const send = () => client.messages.sendText({ toUserIds: ["user1@welink"], title: "Hi", content: "Hello" });
    await expect(send()).rejects.toMatchObject({ code: "WELINK_NO_PERMISSION", welinkCode: "501", message: expect.stringContaining('apply for "message push"') });
    await expect(send()).rejects.toMatchObject({ code: "WELINK_NO_PERMISSION" });
    // The renewed token is not renewed again within a minute: 2 tickets, not 3.
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(2);
  });
});
