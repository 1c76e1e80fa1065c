import { type Context, Hono } from "hono";
import { ContactError, type OpError } from "./contacts-errors.ts";
import { CONTACT_READ, deptForRead, hasMore, isOpError, pageOf, readPage, userDetailView, userSimpleView, userV1View } from "./contacts-view.ts";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { App, User } from "./model.ts";
import { isVisibleTo, type Sandbox } from "./sandbox.ts";

const MAX_ACCOUNTS = 50;

type UserKeys = { userId?: string | undefined; corpUserId?: string | undefined; mobileNumber?: string | undefined };

/**
 * Finds a person by one key, in the SDK's priority userId > corpUserId > mobileNumber (§3.2):
 * 47003 with no key, 47001 when unknown, 47000 when outside the app's visible range [inferred §0.4].
 */
export function userForRead(sb: Sandbox, app: App, keys: UserKeys): User | OpError {
  const { userId, corpUserId, mobileNumber } = keys;
  if (!userId && !corpUserId && !mobileNumber) return { code: ContactError.PARAM_EMPTY, message: "one of userId, corpUserId, mobileNumber is required" };
  const user = userId ? sb.org.users.get(userId) : corpUserId ? sb.org.userByCorpId(corpUserId) : sb.org.userByMobileNumber(mobileNumber!);
  if (!user) return { code: ContactError.NOT_FOUND, message: "user does not exist" };
  if (!isVisibleTo(sb, app, user.userId)) return { code: ContactError.NO_PERMISSION, message: "user is outside the app's visible range" };
  return user;
}

/** Members of a department the app may see, filtered to the people it may see. */
function visibleMembers(sb: Sandbox, c: Context, app: App): readonly User[] | OpError {
  const dept = deptForRead(sb, app, str(c.req.query("deptCode")), str(c.req.query("corpDeptCode")));
  if (isOpError(dept)) return dept;
  const members = sb.org.sortedMembers(dept === "0" ? "0" : dept.deptCode);
  return app.visible.all ? members : members.filter((u) => isVisibleTo(sb, app, u.userId));
}

/**
 * GET /contact/v1|v2/user/list and /v1/user/simplelist (§3.6): pageSize 1–50 (default 10, as the
 * older family documents), `hasMore` 1/0.
 */
function userList(sb: Sandbox, c: Context, simple: boolean): Response {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const page = readPage(c, ["pageNo", "pageSize"], 50, 10);
  if (isOpError(page)) return fail(c, page.code, page.message);
  const members = visibleMembers(sb, c, auth.app);
  if (isOpError(members)) return fail(c, members.code, members.message);
  const { slice, more } = pageOf(members, page);
  const data = slice.map((u) => (simple ? userSimpleView(u) : userDetailView(sb, u)));
  return ok(c, { ...page, hasMore: hasMore(sb, more), data });
}

/** GET /contact/v1/users (§3.1): exactly one key; several are refused with 47004 [inferred]. */
function usersByKey(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const keys = { userId: str(c.req.query("userId")), corpUserId: str(c.req.query("corpUserId")), mobileNumber: str(c.req.query("mobileNumber")) };
  if (Object.values(keys).filter(Boolean).length > 1) return fail(c, ContactError.PARAM_INVALID, "give exactly one of userId, mobileNumber, corpUserId");
  const user = userForRead(sb, auth.app, keys);
  if (isOpError(user)) return fail(c, user.code, user.message);
  return ok(c, userV1View(sb, user));
}

/** POST /contact/v1|v2/user/detail (§3.2): the full field dictionary at the top level. */
async function userDetail(sb: Sandbox, c: Context): Promise<Response> {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const input = await body(c);
  const user = userForRead(sb, auth.app, { userId: str(input.userId), corpUserId: str(input.corpUserId), mobileNumber: str(input.mobileNumber) });
  if (isOpError(user)) return fail(c, user.code, user.message);
  return ok(c, userDetailView(sb, user));
}

/**
 * POST /contact/v1/users/accounts (§3.5): corpUserId → userId, at most 50 (47013), 47003 when
 * empty, 47012 when none is found. Unknown and invisible ids are left out of `userInfo`.
 */
async function accounts(sb: Sandbox, c: Context): Promise<Response> {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const raw = (await body(c)).corpUserId;
  const ids = Array.isArray(raw) ? raw.map(str).filter((x): x is string => x !== undefined) : [];
  if (ids.length === 0) return fail(c, ContactError.PARAM_EMPTY, "corpUserId is empty");
  if (ids.length > MAX_ACCOUNTS) return fail(c, ContactError.TOO_MANY, `at most ${MAX_ACCOUNTS} corpUserId per call`);
  const userInfo = ids
    .map((id) => sb.org.userByCorpId(id))
    .filter((u): u is User => u !== undefined && isVisibleTo(sb, auth.app, u.userId))
    .map((u) => ({ userId: u.userId, corpUserId: u.corpUserId }));
  if (userInfo.length === 0) return fail(c, ContactError.NO_DATA, "no data");
  return ok(c, { userInfo });
}

export function contactUserRoutes(sb: Sandbox) {
  const app = new Hono();
  app.get("/api/contact/v1/user/list", (c) => userList(sb, c, false));
  app.get("/api/contact/v2/user/list", (c) => userList(sb, c, false));
  app.get("/api/contact/v1/user/simplelist", (c) => userList(sb, c, true));
  app.get("/api/contact/v1/users", (c) => usersByKey(sb, c));
  app.post("/api/contact/v1/user/detail", (c) => userDetail(sb, c));
  app.post("/api/contact/v2/user/detail", (c) => userDetail(sb, c));
  app.post("/api/contact/v1/users/accounts", (c) => accounts(sb, c));
  return app;
}
