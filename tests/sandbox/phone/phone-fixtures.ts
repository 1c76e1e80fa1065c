import type { Dept, User } from "../../../src/sandbox/welink/model.ts";
import type { Sandbox } from "../../../src/sandbox/welink/sandbox.ts";
import type { RunningSandbox } from "../../helpers/sandbox.ts";

let mobile = 13800000000;

/** A live user in `deptCodes` (default: none, so only an all-visible app or a userIds range sees them). */
export function addUser(sb: Sandbox, userId: string, extra: Partial<User> = {}): User {
  const now = sb.now();
  const deptCodes = extra.deptCodes ?? [];
  const user: User = {
    userId,
    mobileNumber: `+86-${mobile++}`,
    userNameCn: userId.split("@")[0] ?? userId,
    mainDeptCode: deptCodes[0] ?? "0",
    deptCodes,
    orderInDepts: {},
    userStatus: 3,
    isActivated: 1,
    creationTime: now,
    lastUpdatedTime: now,
    ...extra,
  };
  sb.org.putUser(user);
  return user;
}

export function addDept(sb: Sandbox, deptCode: string, parentCode = "0"): Dept {
  const now = sb.now();
  const dept: Dept = { deptCode, parentCode, deptNameCn: `部门${deptCode}`, orderNo: 1, managerId: [], deptType: 1, visibleRange: 1, creationTime: now, lastUpdatedTime: now };
  sb.org.putDept(dept);
  return dept;
}

export type Call = { status: number; json: Record<string, any>; headers: Headers; text: string };

/** One raw HTTP call to the sandbox: JSON body, optional WeLink token header. */
export async function call(rs: RunningSandbox, method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Call> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers["x-wlk-Authorization"] = init.token;
  let payload: string | undefined;
  if (init.body !== undefined) {
    payload = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(rs.baseUrl + path, { method, headers, body: payload, redirect: "manual" });
  const text = await res.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    // not JSON (HTML pages, scripts)
  }
  return { status: res.status, json, headers: res.headers, text };
}

/** An app token from /api/auth/v2/tickets, as the bridge gets one. */
export async function appToken(rs: RunningSandbox, clientId = rs.app.clientId, clientSecret = rs.app.clientSecret): Promise<string> {
  const r = await call(rs, "POST", "/api/auth/v2/tickets", { body: { client_id: clientId, client_secret: clientSecret } });
  if (r.json.code !== "0") throw new Error(`no token: ${r.text}`);
  return r.json.access_token as string;
}
