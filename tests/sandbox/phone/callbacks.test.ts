import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { decryptCallback, encryptCallback } from "../../../src/welink/callback-crypto.ts";
import { emitOrgChange } from "../../../src/sandbox/welink/contacts-events.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { freePort } from "../../helpers/cli.ts";
import { addDept, addUser, call } from "./phone-fixtures.ts";

/** How the test's stand-in for the bridge answers WeLink's callbacks. */
type Mode = "good" | "plaintext" | "stale" | "http500" | "flaky";

let rs: RunningSandbox;
let receiver: ReturnType<typeof Bun.serve>;
let receiverUrl: string;
let mode: Mode = "good";
let flakyFailures = 0;
let received: Record<string, any>[] = [];

function answer(payload: Record<string, any>): Response {
  const secret = rs.app.clientSecret;
  const timestamp = mode === "stale" ? String(Number(payload.timestamp) - 3600) : payload.timestamp;
  const reply = { msg: "success", timestamp };
  if (mode === "plaintext") return Response.json(reply);
  if (mode === "http500") return new Response("boom", { status: 500 });
  if (mode === "flaky" && flakyFailures-- > 0) return new Response("busy", { status: 503 });
  return Response.json({ encrypt: encryptCallback(secret, JSON.stringify(reply)) });
}

const waitFor = async (ok: () => boolean | Promise<boolean>, ms = 2000) => {
  for (const end = Date.now() + ms; !(await ok()); await Bun.sleep(5)) if (Date.now() > end) throw new Error("timed out waiting");
};
const fire = (body: Record<string, unknown>) => call(rs, "POST", "/_sandbox/events", { body });
const register = (body: Record<string, unknown>, clientId = rs.app.clientId) => call(rs, "PUT", `/_sandbox/apps/${clientId}/callback`, { body });

beforeAll(() => {
  rs = startSandbox();
  addUser(rs.sb, "zhangsan@welink");
  addDept(rs.sb, "100");
  receiver = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      const { encrypt } = (await req.json()) as { encrypt: string };
      const payload = JSON.parse(decryptCallback(rs.app.clientSecret, encrypt)) as Record<string, any>;
      received.push(payload);
      return answer(payload);
    },
  });
  receiverUrl = `http://127.0.0.1:${receiver.port}/welink/events`;
});
afterAll(() => {
  receiver.stop(true);
  rs.stop();
});
beforeEach(() => {
  mode = "good";
  received = [];
});

describe("registering a callback URL", () => {
  test("sends the URL-check event (default name `test`) and saves the URL when the reply is right", async () => {
    const r = await register({ url: receiverUrl });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ clientId: rs.app.clientId, callbackUrl: receiverUrl });
    expect(received).toEqual([{ eventType: "test", timestamp: expect.stringMatching(/^\d+$/), tenantId: rs.sb.settings.tenantId }]);
    expect(rs.app.callbackUrl).toBe(receiverUrl);
  });

  test("a URL whose check fails is refused (422) and not saved; check:false saves it anyway", async () => {
    mode = "plaintext";
    const url = `${receiverUrl}?v=2`;
    const r = await register({ url });
    expect(r.status).toBe(422);
    expect(r.json.delivery).toMatchObject({ status: "failed", eventType: "test" });
    expect(rs.app.callbackUrl).toBe(receiverUrl);
    expect((await register({ url, check: false })).status).toBe(200);
    expect(rs.app.callbackUrl).toBe(url);
    mode = "good";
    expect((await register({ url: receiverUrl })).status).toBe(200);
  });

  test("the URL-check event name is configurable", async () => {
    const s = await call(rs, "PUT", "/_sandbox/callback-settings", { body: { urlCheckEventType: "checkUrl" } });
    expect(s.json.urlCheckEventType).toBe("checkUrl");
    expect((await register({ url: receiverUrl })).status).toBe(200);
    expect(received[0]?.eventType).toBe("checkUrl");
    await call(rs, "PUT", "/_sandbox/callback-settings", { body: { urlCheckEventType: "test" } });
  });
});

describe("firing events", () => {
  test("a contact event arrives encrypted with eventType, a string timestamp, tenantId and data; the delivery is logged ok", async () => {
    const r = await fire({ clientId: rs.app.clientId, eventType: "corpEditUser", data: [{ userId: "zhangsan@welink" }] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: "ok", attempts: 1, httpStatus: 200, eventType: "corpEditUser", reply: { msg: "success" } });
    expect(received).toEqual([
      { eventType: "corpEditUser", timestamp: expect.stringMatching(/^\d+$/), tenantId: rs.sb.settings.tenantId, data: [{ userId: "zhangsan@welink", tenantId: rs.sb.settings.tenantId }] },
    ]);
    const log = await call(rs, "GET", `/_sandbox/events?clientId=${rs.app.clientId}`);
    expect(log.json.events.at(-1)).toMatchObject({ id: r.json.id, status: "ok" });
  });

  test("department events carry deptCode", async () => {
    const r = await fire({ clientId: rs.app.clientId, eventType: "corpDelDept", data: [{ deptCode: "100", tenantId: "t-9" }] });
    expect(r.json.status).toBe("ok");
    expect(received[0]?.data).toEqual([{ deptCode: "100", tenantId: "t-9" }]);
  });

  test("a plaintext reply is recorded as failed", async () => {
    mode = "plaintext";
    const r = await fire({ clientId: rs.app.clientId, eventType: "corpEditUser", data: [{ userId: "zhangsan@welink" }] });
    expect(r.json).toMatchObject({ status: "failed", reason: expect.stringContaining("plaintext") });
  });

  test("a reply with a stale timestamp is recorded as failed", async () => {
    mode = "stale";
    const r = await fire({ clientId: rs.app.clientId, eventType: "corpDelUser", data: [{ userId: "zhangsan@welink" }] });
    expect(r.json).toMatchObject({ status: "failed", reason: expect.stringContaining("timestamp") });
  });

  test("an HTTP error or nobody listening is recorded as failed", async () => {
    mode = "http500";
    expect((await fire({ clientId: rs.app.clientId, eventType: "corpAuth" })).json).toMatchObject({ status: "failed", httpStatus: 500, reason: "HTTP 500" });
    await register({ url: `http://127.0.0.1:${freePort()}/gone`, check: false });
    expect((await fire({ clientId: rs.app.clientId, eventType: "corpAuth" })).json).toMatchObject({ status: "failed", reason: expect.stringContaining("no answer") });
    mode = "good";
    await register({ url: receiverUrl });
  });

  test("with retry delays configured, a failed delivery is retried until it succeeds", async () => {
    await call(rs, "PUT", "/_sandbox/callback-settings", { body: { retryDelaysMs: [20, 20] } });
    mode = "flaky";
    flakyFailures = 1;
    const r = await fire({ clientId: rs.app.clientId, eventType: "corpEditDept", data: [{ deptCode: "100" }] });
    expect(r.json.status).toBe("retrying");
    let last: any;
    await waitFor(async () => {
      last = (await call(rs, "GET", "/_sandbox/events")).json.events.find((d: any) => d.id === r.json.id);
      return last.status !== "retrying";
    });
    expect(last).toMatchObject({ status: "ok", attempts: 2 });
    await call(rs, "PUT", "/_sandbox/callback-settings", { body: { retryDelaysMs: [] } });
  });

  test("bad requests: unknown app 404, no callback URL 409, unknown eventType or missing ids 400", async () => {
    expect((await fire({ clientId: "nope", eventType: "corpAuth" })).status).toBe(404);
    expect((await fire({ clientId: rs.app.clientId, eventType: "somethingElse" })).status).toBe(400);
    expect((await fire({ clientId: rs.app.clientId, eventType: "corpEditUser" })).status).toBe(400);
    expect((await fire({ clientId: rs.app.clientId, eventType: "corpEditDept", data: [{ userId: "x" }] })).status).toBe(400);
    await call(rs, "DELETE", `/_sandbox/apps/${rs.app.clientId}/callback`);
    expect((await fire({ clientId: rs.app.clientId, eventType: "corpAuth" })).status).toBe(409);
    await register({ url: receiverUrl });
  });
});

describe("organisation changes", () => {
  test("are pushed to apps with a callback URL, one event per type per tick with every id in data", async () => {
    emitOrgChange(rs.sb, { eventType: "corpEditUser", userId: "zhangsan@welink" });
    emitOrgChange(rs.sb, { eventType: "corpEditUser", userId: "new@welink" });
    emitOrgChange(rs.sb, { eventType: "corpDelDept", deptCode: "100" });
    await waitFor(() => received.length >= 2);
    const byType = Object.fromEntries(received.map((p) => [p.eventType, p.data]));
    expect(byType.corpEditUser).toEqual([
      { userId: "zhangsan@welink", tenantId: rs.sb.settings.tenantId },
      { userId: "new@welink", tenantId: rs.sb.settings.tenantId },
    ]);
    expect(byType.corpDelDept).toEqual([{ deptCode: "100", tenantId: rs.sb.settings.tenantId }]);
  });

  test("can be switched off", async () => {
    await call(rs, "PUT", "/_sandbox/callback-settings", { body: { contactEvents: false } });
    emitOrgChange(rs.sb, { eventType: "corpEditUser", userId: "zhangsan@welink" });
    await Bun.sleep(30);
    expect(received).toEqual([]);
    await call(rs, "PUT", "/_sandbox/callback-settings", { body: { contactEvents: true } });
  });
});
