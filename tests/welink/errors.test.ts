import { describe, expect, test } from "bun:test";
import { AppError, messageOf } from "../../src/kernel/errors.ts";
import { fromWelinkCode, permissionFor, scrub, WelinkError } from "../../src/welink/errors.ts";
import { readEnvelope } from "../../src/welink/transport.ts";

const api = "GET /api/contact/v1/user/list";
const read = (status: number, body: unknown, success = "0", secrets: string[] = []) =>
  readEnvelope(api, status, typeof body === "string" ? body : JSON.stringify(body), success, secrets);
const failure = (fn: () => unknown): WelinkError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof WelinkError) return e;
    throw e;
  }
  throw new Error("expected a WelinkError");
};

describe("WeLink error mapping", () => {
  test.each([
    ["10007", "WELINK_AUTH_FAILED", false],
    ["41403", "WELINK_LOCKED", false],
    ["501", "WELINK_NO_PERMISSION", false],
    ["48503", "WELINK_RATE_LIMITED", true],
    ["51019", "WELINK_NOT_VISIBLE", false],
    ["47101", "WELINK_TOKEN_INVALID", true],
    ["47103", "WELINK_TOKEN_INVALID", true],
    ["41500", "WELINK_UNAVAILABLE", true],
    ["47001", "WELINK_NOT_FOUND", false],
    ["55010", "WELINK_DUPLICATE", false],
    ["41504", "WELINK_CODE_INVALID", false],
    ["60008", "WELINK_CODE_INVALID", false],
    ["47004", "WELINK_INVALID_REQUEST", false],
    ["99999", "WELINK_ERROR", false],
  ])("WeLink %s → %s (retryable %p)", (welinkCode, code, retryable) => {
    const e = fromWelinkCode({ api, welinkCode, welinkMessage: "msg" });
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code, retryable, welinkCode, welinkMessage: "msg", api });
    expect(e.message).toContain(welinkCode);
  });

  test("a lock says what to do; a missing permission says which to apply for", () => {
    expect(fromWelinkCode({ api: "POST /api/auth/v2/tickets", welinkCode: "41403" }).message).toMatch(/Correct the client_secret.*wait/);
    const refused = fromWelinkCode({ api: "POST /api/todo/v3/addtask", welinkCode: "501" });
    expect(refused.message).toContain('apply for "todo"');
    expect(messageOf(refused, "zh-CN")).toContain("申请“待办”权限");
    expect(permissionFor("POST /api/contact/v1/user/create")).toBe("contacts-sync");
    expect(permissionFor("POST /api/contact/v1/department/batch/create")).toBe("contacts-sync");
    expect(permissionFor("GET /api/contact/v1/user/list")).toBe("contacts-read");
    expect(permissionFor("POST /api/messages/v2/card/common")).toBe("messages");
    expect(permissionFor("GET /api/elsewhere/v1/x")).toBe("other");
  });

  test("51019 carries the refused users and the card's id", () => {
    const e = failure(() => read(200, { code: "51019", message: "不能给非粉丝用户推送消息", failedUserId: ["a@welink", "b@welink"], itemId: "m1" }));
    expect(e).toMatchObject({ code: "WELINK_NOT_VISIBLE", failedUserIds: ["a@welink", "b@welink"], itemId: "m1" });
    expect(e.message).toContain("a@welink, b@welink");
  });
});

describe("WeLink envelope", () => {
  test("success is the code \"0\" as a string or a number", () => {
    expect(read(200, { code: "0", message: "ok", x: 1 })).toMatchObject({ x: 1 });
    expect(read(200, { code: 0, message: "ok", x: 2 })).toMatchObject({ x: 2 });
  });

  test("OAuth2's token endpoint succeeds with 60001 and fails with HTTP 400", () => {
    expect(read(200, { code: "60001", access_token: "t" }, "60001")).toMatchObject({ access_token: "t" });
    expect(failure(() => read(400, { code: "60008", message: "code invalid" }, "60001")).code).toBe("WELINK_CODE_INVALID");
    expect(failure(() => read(200, { code: "0" }, "60001")).code).toBe("WELINK_ERROR");
  });

  test("gateway shapes with errorcode / errorMessage are read too", () => {
    expect(failure(() => read(200, { errorcode: "48503", errorMessage: "over limit" }))).toMatchObject({ code: "WELINK_RATE_LIMITED", welinkMessage: "over limit" });
  });

  test("5xx, 429 and non-JSON pages are retryable; a 4xx without a code is not", () => {
    expect(failure(() => read(502, "<html>bad gateway</html>"))).toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
    expect(failure(() => read(500, { code: "12345", message: "?" }))).toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
    expect(failure(() => read(429, ""))).toMatchObject({ code: "WELINK_RATE_LIMITED", retryable: true });
    expect(failure(() => read(200, "<html>maintenance</html>"))).toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
    expect(failure(() => read(404, "Not Found"))).toMatchObject({ code: "WELINK_BAD_RESPONSE", retryable: false });
  });

  test("secrets echoed by WeLink are scrubbed from the message", () => {
    const e = failure(() => read(200, { code: "10007", message: "bad secret s3cr3t-value for app" }, "0", ["s3cr3t-value"]));
    expect(e.welinkMessage).toBe("bad secret [redacted] for app");
    expect(e.message).not.toContain("s3cr3t-value");
    expect(scrub("abc", ["ab"])).toBe("abc"); // too short to be a secret: left alone
  });
});
