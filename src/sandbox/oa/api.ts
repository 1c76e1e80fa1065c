import { timingSafeEqual } from "node:crypto";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { deptItem, type OaPerson, personItem } from "./model.ts";
import type { DemoOaState } from "./state.ts";
import { writeRoutes } from "./api-writes.ts";

/**
 * The demo OA's API, in the shape `demoHttpSettings()` reads: `{code: 0, data: …}` answers,
 * page/size paging with a total, a bearer token on every call. Errors are `{code, message}` with
 * the HTTP status as code (401, 400) or the OA's own (1001 wrong password, 1002 account disabled).
 */

const MAX_SIZE = 1000;
const Paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).max(MAX_SIZE).default(100),
});
const VerifyBody = z.object({ account: z.string().min(1).max(200), password: z.string().min(1).max(200) });

const fail = (c: Context, status: 400 | 401, code: number, message: string) => c.json({ code, message }, status);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The bridge is the only caller: it sends the token chosen when the OA started. */
function bearer(token: string): MiddlewareHandler {
  return async (c, next) => {
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!sent || !sameText(sent, token)) return fail(c, 401, 401, "send the API token as 'Authorization: Bearer <token>'");
    await next();
  };
}

function pageOf<T>(c: Context, all: T[]) {
  const parsed = Paging.safeParse({ page: c.req.query("page"), size: c.req.query("size") });
  if (!parsed.success) return fail(c, 400, 400, `page must be ≥ 1 and size 1…${MAX_SIZE}`);
  const { page, size } = parsed.data;
  return c.json({ code: 0, data: { items: all.slice((page - 1) * size, page * size), total: all.length } });
}

/** Why these credentials do not sign in, or the person they belong to. */
export function checkPassword(state: DemoOaState, account: string, password: string): OaPerson | "wrong" | "left" {
  const person = state.byLogin.get(account);
  // Compared even for unknown accounts, so the answer time does not tell which accounts exist.
  const ok = sameText(password, person?.password ?? "\u0000no-such-account");
  if (!person || !ok) return "wrong";
  return person.status === "left" ? "left" : person;
}

export function apiRoutes(state: DemoOaState) {
  const api = new Hono();
  api.use("/api/*", bearer(state.token));
  api.get("/api/org/departments", (c) => pageOf(c, state.org.depts.filter((d) => !d.disabled).map(deptItem)));
  api.get("/api/org/users", (c) => pageOf(c, state.org.users.map(personItem)));
  api.route("/", writeRoutes(state));
  api.post("/api/auth/verify", async (c) => {
    const body = VerifyBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return fail(c, 400, 400, "send JSON {account, password}");
    const result = checkPassword(state, body.data.account, body.data.password);
    if (result === "wrong") return fail(c, 401, 1001, "wrong account or password");
    if (result === "left") return fail(c, 401, 1002, "this account is disabled");
    return c.json({ code: 0, data: { user: personItem(result) } });
  });
  return api;
}
