import { afterEach, describe, expect, test } from "bun:test";
import { generateOrg } from "../../src/sandbox/welink/generate.ts";
import { collect } from "../../src/welink/paging.ts";
import type { WelinkClient } from "../../src/welink/client.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { callsTo, clientOf, maxInWindow, seedDept } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

const LIST = "/api/contact/v1/user/list";
/** These tests run at WeLink's real pace (20 calls/s per API): seconds each. */
const SLOW = 30_000;

/** Lists the members of every department with `workers` listings in flight; returns the count. */
async function listAll(client: WelinkClient, deptCodes: string[], workers: number): Promise<number> {
  let next = 0;
  let total = 0;
  const worker = async () => {
    while (next < deptCodes.length) {
      const code = deptCodes[next++]!;
      const users = await collect(client.contacts.list.users({ deptCode: code }));
      total += users.length; // not `total += await …`: that reads `total` before the wait

    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return total;
}

const memberships = (r: RunningSandbox) => [...r.sb.org.users.values()].reduce((n, u) => n + u.deptCodes.length, 0);

describe("WeLink client under faults", () => {
  test("a 48503 storm: every listing completes, and the sandbox never saw more than its limit", async () => {
    rs = startSandbox();
    generateOrg(rs.sb.org, { seed: 3, users: 400, depts: 40 });
    // For the first 600 ms every list call is refused with 48503, as in a storm WeLink imposes.
    rs.sb.faults.errorRates[LIST] = { rate: 1, code: "48503" };
    setTimeout(() => delete rs.sb.faults.errorRates[LIST], 600);
    const client = clientOf(rs, { retries: 8 });
    const codes = [...rs.sb.org.depts.keys()];
    expect(await listAll(client, codes, 8)).toBe(memberships(rs));
    expect(maxInWindow(rs.sb, LIST, 1000)).toBeLessThanOrEqual(rs.sb.settings.rateLimits.perAppApiPerSecond);
    // The storm cost a handful of refused calls, not one per waiting call per retry.
    expect(callsTo(rs.sb, LIST).filter((c) => c.code === "48503").length).toBeLessThanOrEqual(16);
  }, SLOW);

  test("a client set far above WeLink's limit is slowed by real 48503s and still finishes every call", async () => {
    rs = startSandbox({ settings: { rateLimits: { enabled: true, perAppApiPerSecond: 10, perAppApiPerMinute: 1500, perIpPer20s: 3000 } } });
    seedDept(rs.sb, 5);
    const client = clientOf(rs, { limits: { perApi: { ratePerSecond: 200, burst: 50 } }, retries: 10 });
    const results = await Promise.all(Array.from({ length: 40 }, () => client.contacts.dept({ deptCode: "10" })));
    expect(results.every((d) => d.deptCode === "10")).toBe(true);
    const detail = "/api/contact/v1/department/detail";
    const accepted = rs.sb.calls.filter((c) => c.path === detail && c.code === "0").map((c) => c.at).sort((a, b) => a - b);
    expect(accepted.length).toBe(40);
    for (let i = 10; i < accepted.length; i++) expect(accepted[i]! - accepted[i - 10]!).toBeGreaterThanOrEqual(1000);
  }, SLOW);

  test("at the default limits a burst of calls never draws a 48503", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const client = clientOf(rs);
    await Promise.all(Array.from({ length: 50 }, () => client.contacts.dept({ deptCode: "10" })));
    expect(rs.sb.calls.filter((c) => c.code === "48503").length).toBe(0);
    expect(maxInWindow(rs.sb, "/api/contact/v1/department/detail", 1000)).toBeLessThanOrEqual(32);
  }, SLOW);

  test("a hanging request is abandoned at the timeout and retried", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 3);
    const client = clientOf(rs, { timeoutMs: 300 });
    await client.testConnection();
    rs.sb.faults.hangRates[LIST] = 1;
    setTimeout(() => delete rs.sb.faults.hangRates[LIST], 350);
    const started = performance.now();
    const users = await collect(client.contacts.list.users({ deptCode: "10" }));
    const ms = performance.now() - started;
    expect(users.length).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(3000);
    expect(callsTo(rs.sb, LIST).length).toBeGreaterThanOrEqual(2);
  });

  test("a listing with one call in five hanging completes with the right count", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 260);
    rs.sb.faults.hangRates[LIST] = 0.2;
    const client = clientOf(rs, { timeoutMs: 150, retries: 10 });
    expect((await collect(client.contacts.list.users({ deptCode: "10" }, { pageSize: 20 }))).length).toBe(260);
  });

  test("a short outage (HTTP 503) and 5xx answers are ridden out with backoff", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 2);
    const client = clientOf(rs, { retries: 8 });
    await client.testConnection();
    const now = Date.now();
    rs.sb.faults.outage = { from: now, until: now + 150 };
    expect((await client.contacts.dept({ deptCode: "10" })).deptCode).toBe("10");
    rs.sb.faults.errorRates["/api/contact/v1/users"] = { rate: 0.5, code: "http500" };
    for (let i = 0; i < 5; i++) expect((await client.contacts.user({ userId: "user1@welink" })).userId).toBe("user1@welink");
  });

  test("when retries run out the error is WELINK_UNAVAILABLE, retryable", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const client = clientOf(rs, { retries: 2 });
    await client.testConnection();
    rs.sb.faults.errorRates["/api/contact"] = { rate: 1, code: "http500" };
    await expect(client.contacts.dept({ deptCode: "10" })).rejects.toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
    expect(callsTo(rs.sb, "/api/contact/v1/department/detail").length).toBe(3);
  });

  test("a message send is not retried after a 5xx (a retry could deliver twice), but is after 48503", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const client = clientOf(rs);
    const card = { owner: "OA", toUserIds: ["user1@welink"], title: "t", content: "c" };
    rs.sb.faults.errorRates["/api/messages"] = { rate: 1, code: "http500" };
    await expect(client.messages.sendCard(card)).rejects.toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
    expect(callsTo(rs.sb, "/api/messages/v2/card/common").length).toBe(1);
    rs.sb.faults.errorRates["/api/messages"] = { rate: 1, code: "48503" };
    setTimeout(() => delete rs.sb.faults.errorRates["/api/messages"], 200);
    expect((await client.messages.sendCard(card)).itemId).toEqual(expect.any(String));
  }, SLOW);

  test("a page that keeps coming back the same stops the listing instead of looping", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 120);
    const client = clientOf(rs);
    // A server that ignores pageNo: every page is the first one.
    const read = client.contacts;
    const original = read.usersPage;
    const stuck: typeof original = (q) => original({ ...q, pageNo: 1 });
    const { contactsListApi } = await import("../../src/welink/contacts-list.ts");
    const list = contactsListApi({ ...read, usersPage: stuck });
    await expect(collect(list.users({ deptCode: "10" }))).rejects.toMatchObject({ code: "WELINK_PAGING_LOOP" });
    expect(callsTo(rs.sb, LIST).length).toBe(2);
  });
});
