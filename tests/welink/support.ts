import { LOCAL_NET } from "../../src/kernel/net-policy.ts";
import { createLogger, type Logger } from "../../src/kernel/log.ts";
import type { Dept, User } from "../../src/sandbox/welink/model.ts";
import type { Sandbox } from "../../src/sandbox/welink/sandbox.ts";
import { createWelinkClient, type WelinkClient, type WelinkClientOptions } from "../../src/welink/client.ts";
import { createWelinkRegistry } from "../../src/welink/registry.ts";
import type { RunningSandbox } from "../helpers/sandbox.ts";

export const CLIENT_ID = "test-client";
export const SECRET = "test-secret-0123456789";

/** Every log line a client wrote, for the "no secrets in logs" checks. */
export type CapturedLog = { log: Logger; lines: string[] };
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return { log: createLogger("debug", (l) => lines.push(l)), lines };
}

/**
 * A client of the running sandbox with its own registry (no token or bucket shared with other
 * tests) and quick retries, so fault tests take seconds, not minutes.
 */
export function clientOf(rs: RunningSandbox, o: Partial<WelinkClientOptions> = {}): WelinkClient {
  return createWelinkClient({
    baseUrl: rs.baseUrl,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    registry: o.registry ?? createWelinkRegistry(),
    backoff: { baseMs: 20, capMs: 500 },
    ...o,
    net: o.net ?? LOCAL_NET,
  });
}

const T = Date.UTC(2025, 0, 1);

export function dept(code: string, parentCode = "0", extra: Partial<Dept> = {}): Dept {
  return { deptCode: code, corpDeptCode: `C${code}`, parentCode, deptNameCn: `部门${code}`, deptNameEn: `Dept ${code}`, orderNo: 1, managerId: [], deptType: 1, visibleRange: 1, creationTime: T, lastUpdatedTime: T, ...extra };
}

export function user(n: number, deptCode: string, extra: Partial<User> = {}): User {
  return {
    userId: `user${n}@welink`,
    corpUserId: `U${n}`,
    mobileNumber: `+86-138${String(n).padStart(8, "0")}`,
    userNameCn: `用户${n}`,
    userNameEn: `User ${n}`,
    mainDeptCode: deptCode,
    deptCodes: [deptCode],
    orderInDepts: { [deptCode]: n },
    userStatus: 3,
    isActivated: 1,
    creationTime: T,
    lastUpdatedTime: T,
    ...extra,
  };
}

/** One department "10" holding `count` people user1…userN (and sub-department "11" with none). */
export function seedDept(sb: Sandbox, count: number, code = "10"): void {
  sb.org.putDept(dept(code));
  for (let i = 1; i <= count; i++) sb.org.putUser(user(i, code));
}

/** Calls the sandbox logged for one path (the query is not part of `path`). */
export const callsTo = (sb: Sandbox, path: string) => sb.calls.filter((c) => c.path === path);

/** The most calls to `path` that the sandbox received within any `windowMs`. */
export function maxInWindow(sb: Sandbox, path: string, windowMs: number): number {
  const times = callsTo(sb, path).map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
