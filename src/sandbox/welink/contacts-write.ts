import { type Context, Hono } from "hono";
import { batchRoutes } from "./batch.ts";
import { ContactError, type OpResult } from "./contacts-errors.ts";
import { CONTACT_SYNC } from "./contacts-view.ts";
import { createDept, deleteDept, deptKeys, updateDept } from "./dept-ops.ts";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { User } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";
import { createUser, deleteUser, updateUser, userKeys } from "./user-ops.ts";
import type { Input } from "./contacts-input.ts";

/** Authorises, reads the body, runs one operation and answers with the object's keys. */
function write<T>(sb: Sandbox, op: (sb: Sandbox, input: Input) => OpResult<T>, keys: (x: T) => Record<string, unknown>) {
  return async (c: Context): Promise<Response> => {
    const auth = authorize(sb, c, CONTACT_SYNC);
    if (isResponse(auth)) return auth;
    const result = op(sb, await body(c));
    return result.ok ? ok(c, keys(result.value)) : fail(c, result.error.code, result.error.message);
  };
}

/** PUT /contact/v1/user/mobilenumber (§4.B): only the bound mobile changes. */
const changeMobile = (sb: Sandbox, input: Input): OpResult<User> => {
  if (!str(input.mobileNumber)) return { ok: false, error: { code: ContactError.PARAM_EMPTY, message: "mobileNumber is required" } };
  return updateUser(sb, { userId: input.userId, corpUserId: input.corpUserId, mobileNumber: input.mobileNumber });
};

/** The real-time contact writes (§4.A, §4.B); the batch variants are in batch.ts. */
export function contactWriteRoutes(sb: Sandbox) {
  const app = new Hono();
  app.post("/api/contact/v1/department/create", write(sb, createDept, deptKeys));
  app.post("/api/contact/v1/department/update", write(sb, updateDept, deptKeys));
  app.post("/api/contact/v1/department/delete", write(sb, deleteDept, deptKeys));
  app.post("/api/contact/v1/user/create", write(sb, createUser, userKeys));
  app.post("/api/contact/v1/user/update", write(sb, (s, i) => updateUser(s, i), userKeys));
  app.post("/api/contact/v1/user/delete", write(sb, deleteUser, userKeys));
  app.put("/api/contact/v1/user/mobilenumber", write(sb, changeMobile, userKeys));
  app.route("/", batchRoutes(sb));
  return app;
}
