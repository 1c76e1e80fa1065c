import { type Context, Hono } from "hono";
import { ContactError, type OpResult } from "./contacts-errors.ts";
import { deptView, userDetailView } from "./contacts-view.ts";
import { createDept, deleteDept, deptKeys, updateDept } from "./dept-ops.ts";
import { body, int } from "./envelope.ts";
import type { Dept, User } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";
import { createUser, deleteUser, updateUser, userKeys } from "./user-ops.ts";

/**
 * /_sandbox/users and /_sandbox/depts: the WeLink admin console, for tests and demos. Changes go
 * through the same operations as the Open API, so the same rules hold (an admin cannot create a
 * duplicate mobile either) and the same change events fire; errors carry the WeLink code.
 */

const CONFLICTS: readonly string[] = [
  ContactError.DUPLICATE_CORP_DEPT, ContactError.DUPLICATE_CORP_USER, ContactError.DUPLICATE_MOBILE,
  ContactError.DEPT_NOT_EMPTY, ContactError.DEPT_CYCLE,
];

export const problem = (c: Context, status: 400 | 404 | 409, error: string, extra: Record<string, unknown> = {}) => c.json({ error, ...extra }, status);

function answer<T>(c: Context, result: OpResult<T>, view: (x: T) => unknown, created = false): Response {
  if (result.ok) return c.json(view(result.value), created ? 201 : 200);
  const { code, message } = result.error;
  const status = code === ContactError.NOT_FOUND ? 404 : CONFLICTS.includes(code) ? 409 : 400;
  return problem(c, status, message, { code });
}

/** offset/limit paging for the console lists (limit ≤ 1000). */
function window<T>(c: Context, items: readonly T[]): { total: number; offset: number; items: T[] } {
  const offset = Math.max(0, int(c.req.query("offset"), 0));
  const limit = Math.min(1000, Math.max(1, int(c.req.query("limit"), 100)));
  return { total: items.length, offset, items: items.slice(offset, offset + limit) };
}

function matches(u: User, q: string): boolean {
  return [u.userId, u.corpUserId, u.userNameCn, u.userNameEn, u.mobileNumber, u.userEmail].some((f) => f?.toLowerCase().includes(q));
}

function listUsers(sb: Sandbox, c: Context): Response {
  const deptCode = c.req.query("deptCode");
  const q = c.req.query("q")?.toLowerCase();
  let users: readonly User[] = deptCode ? sb.org.sortedMembers(deptCode) : [...sb.org.users.values()];
  if (q) users = users.filter((u) => matches(u, q));
  const { items, ...page } = window(c, users);
  return c.json({ ...page, users: items.map((u) => userDetailView(sb, u)) });
}

function listDepts(sb: Sandbox, c: Context): Response {
  const parent = c.req.query("parentCode") ?? "0";
  const depts: readonly Dept[] = c.req.query("recursive") === "1" ? sb.org.descendantsOf(parent) : sb.org.sortedChildren(parent);
  const { items, ...page } = window(c, depts);
  return c.json({ ...page, depts: items.map((d) => deptView(sb, d)) });
}

function userRoutes(sb: Sandbox, app: Hono): void {
  const view = (u: User) => userDetailView(sb, u);
  app.get("/_sandbox/users", (c) => listUsers(sb, c));
  app.get("/_sandbox/users/:userId", (c) => {
    const user = sb.org.users.get(c.req.param("userId"));
    return user ? c.json(view(user)) : problem(c, 404, "no such user");
  });
  app.post("/_sandbox/users", async (c) => answer(c, createUser(sb, await body(c)), view, true));
  const update = async (c: Context) => answer(c, updateUser(sb, { ...(await body(c)), userId: c.req.param("userId") }, true), view);
  app.patch("/_sandbox/users/:userId", update);
  app.put("/_sandbox/users/:userId", update);
  // ?close=1 closes the account (userStatus 4) instead of deleting it.
  app.delete("/_sandbox/users/:userId", (c) =>
    answer(c, deleteUser(sb, { userId: c.req.param("userId"), isDeleteUser: c.req.query("close") === "1" ? 0 : 1 }), userKeys),
  );
}

function deptRoutes(sb: Sandbox, app: Hono): void {
  const view = (d: Dept) => ({ ...deptView(sb, d), memberCount: sb.org.memberCount(d.deptCode), childCount: sb.org.childCount(d.deptCode) });
  app.get("/_sandbox/depts", (c) => listDepts(sb, c));
  app.get("/_sandbox/depts/:deptCode", (c) => {
    const dept = sb.org.depts.get(c.req.param("deptCode"));
    return dept ? c.json(view(dept)) : problem(c, 404, "no such department");
  });
  app.post("/_sandbox/depts", async (c) => answer(c, createDept(sb, await body(c)), view, true));
  const update = async (c: Context) => answer(c, updateDept(sb, { ...(await body(c)), deptCode: c.req.param("deptCode") }), view);
  app.patch("/_sandbox/depts/:deptCode", update);
  app.put("/_sandbox/depts/:deptCode", update);
  // ?force=1 deletes the whole branch even where the API would refuse (the console's cascade).
  app.delete("/_sandbox/depts/:deptCode", (c) => {
    const input = { deptCode: c.req.param("deptCode") };
    if (c.req.query("force") !== "1") return answer(c, deleteDept(sb, input), deptKeys);
    const saved = sb.settings.refuseNonEmptyDeptDelete;
    sb.settings.refuseNonEmptyDeptDelete = false;
    try {
      return answer(c, deleteDept(sb, input), deptKeys);
    } finally {
      sb.settings.refuseNonEmptyDeptDelete = saved;
    }
  });
}

export function inspectOrgRoutes(sb: Sandbox) {
  const app = new Hono();
  userRoutes(sb, app);
  deptRoutes(sb, app);
  return app;
}
