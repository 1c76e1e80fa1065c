import { describe, expect, test } from "bun:test";
import { WelinkError } from "../../src/welink/errors.ts";
import { backoffCap, backoffDelay, GIVE_UP_AFTER_MS } from "../../src/messages/backoff.ts";
import { classify } from "../../src/messages/classify.ts";
import { transition } from "../../src/messages/transitions.ts";
import { cutUtf8, fitUtf8, utf8Length } from "../../src/messages/truncate.ts";

describe("backoff", () => {
  test("caps double from 5 s and stop at 10 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffCap)).toEqual([5000, 10000, 20000, 40000, 80000, 160000, 320000, 600000, 600000]);
  });
  test("full jitter stays within [0, cap]", () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.999999)).toBeLessThanOrEqual(20000);
    expect(backoffDelay(3, () => 0.5)).toBe(10000);
  });
});

describe("transition", () => {
  const now = 1_000_000;
  test("success is sent with sentAt and clears the claim", () => {
    const t = transition({ attempts: 0, firstAttemptAt: null }, { kind: "sent" }, now);
    expect(t).toMatchObject({ status: "sent", sentAt: now, attempts: 1, firstAttemptAt: now, claimedAt: null, claimedBy: null });
  });
  test("a permanent failure fails at once with WeLink's code", () => {
    expect(transition({ attempts: 0, firstAttemptAt: null }, { kind: "permanent", code: "55001", reason: "x" }, now)).toMatchObject({ status: "failed", welinkCode: "55001" });
  });
  test("a transient failure goes back to pending after the backoff", () => {
    const t = transition({ attempts: 1, firstAttemptAt: now - 5000 }, { kind: "transient", code: "48503", reason: "x" }, now, () => 1 - 1e-9);
    expect(t.status).toBe("pending");
    expect(t.nextAttemptAt).toBe(now + 10000);
  });
  test("a transient failure 24 h after the first attempt is dead with the last code", () => {
    const t = transition({ attempts: 200, firstAttemptAt: now - GIVE_UP_AFTER_MS }, { kind: "transient", code: "500", reason: "x" }, now, () => 0.5);
    expect(t).toMatchObject({ status: "dead", welinkCode: "500", nextAttemptAt: null });
  });
});

describe("classify", () => {
  const err = (welinkCode: string, retryable: boolean, extra = {}) => new WelinkError("WELINK_ERROR", {}, { api: "POST /x", welinkCode, retryable, ...extra });
  test("retryable WeLink errors and network errors are transient", () => {
    expect(classify(err("48503", true)).kind).toBe("transient");
    expect(classify(new TypeError("fetch failed")).kind).toBe("transient");
  });
  test("other WeLink codes are permanent and keep the code", () => {
    expect(classify(err("55001", false))).toMatchObject({ kind: "permanent", code: "55001" });
  });
  test("51019 names the people outside the visible range", () => {
    expect(classify(err("51019", false, { failedUserIds: ["a"], itemId: "i" }))).toMatchObject({ kind: "not-visible", failedUserIds: ["a"], itemId: "i" });
  });
});

describe("truncate", () => {
  test("cuts Chinese text on a character boundary", () => {
    const s = "审批通知".repeat(20); // 3 bytes a character
    expect(cutUtf8(s, 10)).toBe("审批通");
    expect(utf8Length(cutUtf8(s, 128))).toBe(126);
  });
  test("does not split a surrogate pair", () => {
    expect(cutUtf8("a😀b", 4)).toBe("a");
  });
  test("appends … within the limit when cut, leaves short text alone", () => {
    const r = fitUtf8("请假申请".repeat(50), 128);
    expect(r.cut).toBe(true);
    expect(r.text.endsWith("…")).toBe(true);
    expect(utf8Length(r.text)).toBeLessThanOrEqual(128);
    expect(fitUtf8("短", 18)).toEqual({ text: "短", cut: false });
  });
});
