import { type Context, Hono } from "hono";
import { ContactError } from "./contacts-errors.ts";
import { contactUserRoutes } from "./contacts-users.ts";
import { CONTACT_READ, deptForRead, deptInfoView, deptReadable, deptView, hasMore, isOpError, pageOf, readPage } from "./contacts-view.ts";
import { fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { App, Dept } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";

/**
 * Children (or, recursively, descendants) the app may see (see `deptReadable`).
 */
function visibleBelow(sb: Sandbox, app: App, code: string, recursive: boolean): readonly Dept[] {
  const all = recursive ? sb.org.descendantsOf(code) : sb.org.sortedChildren(code);
  return app.visible.all ? all : all.filter((d) => deptReadable(sb, app, d.deptCode));
}

const q = (c: Context, name: string) => str(c.req.query(name));

/** GET /contact/v1|v2/department/list (§3.8): pageNo/pageSize (≤ 100 [inferred], Landray uses 100), `hasMore`. */
function departmentList(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const page = readPage(c, ["pageNo", "pageSize"], 100, 100);
  if (isOpError(page)) return fail(c, page.code, page.message);
  const dept = deptForRead(sb, auth.app, q(c, "deptCode"), q(c, "corpDeptCode"));
  if (isOpError(dept)) return fail(c, dept.code, dept.message);
  const code = dept === "0" ? "0" : dept.deptCode;
  const { slice, more } = pageOf(visibleBelow(sb, auth.app, code, q(c, "recursiveflag") === "1"), page);
  return ok(c, { ...page, hasMore: hasMore(sb, more), data: slice.map((d) => deptView(sb, d)) });
}

/**
 * GET /contact/v2|v3/departments/list (§3.8): `offset` is the page number and `limit` the size
 * (≤ 100); asking for the top level returns one level only, as the docs note.
 */
function departmentsList(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const page = readPage(c, ["offset", "limit"], 100, 100);
  if (isOpError(page)) return fail(c, page.code, page.message);
  const dept = deptForRead(sb, auth.app, q(c, "deptCode"), undefined);
  if (isOpError(dept)) return fail(c, dept.code, dept.message);
  const code = dept === "0" ? "0" : dept.deptCode;
  const all = visibleBelow(sb, auth.app, code, code !== "0" && q(c, "recursiveflag") === "1");
  const { slice } = pageOf(all, page);
  return ok(c, { offset: page.pageNo, limit: page.pageSize, totalCount: all.length, departmentInfo: slice.map((d) => deptInfoView(sb, d)) });
}

/** GET /contact/v1|v2/department/detail (§3.7): the department's fields at the top level. */
function departmentDetail(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, CONTACT_READ);
  if (isResponse(auth)) return auth;
  const dept = deptForRead(sb, auth.app, q(c, "deptCode"), q(c, "corpDeptCode"));
  if (isOpError(dept)) return fail(c, dept.code, dept.message);
  // The root is not a department of its own [inferred]: it has no detail.
  if (dept === "0") return fail(c, ContactError.NOT_FOUND, "the root has no department detail");
  return ok(c, deptView(sb, dept));
}

/** The contact read API: departments here, people in contacts-users.ts. */
export function contactReadRoutes(sb: Sandbox) {
  const app = new Hono();
  for (const v of ["v1", "v2"]) {
    app.get(`/api/contact/${v}/department/list`, (c) => departmentList(sb, c));
    app.get(`/api/contact/${v}/department/detail`, (c) => departmentDetail(sb, c));
  }
  for (const v of ["v2", "v3"]) app.get(`/api/contact/${v}/departments/list`, (c) => departmentsList(sb, c));
  app.route("/", contactUserRoutes(sb));
  return app;
}
