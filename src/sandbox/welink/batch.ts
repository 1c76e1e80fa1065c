import { type Context, Hono } from "hono";
import { ContactError, type OpResult } from "./contacts-errors.ts";
import { type Input, pick } from "./contacts-input.ts";
import { CONTACT_SYNC } from "./contacts-view.ts";
import { createDept, deleteDept, deptKeys, updateDept } from "./dept-ops.ts";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import { randomText, type Sandbox, slot } from "./sandbox.ts";
import { createUser, deleteUser, updateUser, userKeys } from "./user-ops.ts";

/**
 * The async batch API (§4.C): POST a list, get a `jobId`, poll /contact/v1/batch/result. Jobs run
 * after `settings.batchDelayMs` (the next tick by default), each item through the same operation
 * as the real-time API, so the rules and error codes are the same per item.
 */

/** At most 100 items per request (John-Tang wrapper comment, §4.C). */
const MAX_ITEMS = 100;
const JOBS_KEPT = 10_000;

type Job = {
  jobId: string;
  clientId: string;
  type: string;
  /** [inferred] 0 queued or running, 1 finished (the real enum is unknown, §4.C). */
  status: 0 | 1;
  total: number;
  data: Record<string, unknown>[];
};

type BatchOp = {
  list: "personInfos" | "deptInfos";
  type: string;
  run: (sb: Sandbox, input: Input) => OpResult<unknown>;
  keys: (x: never) => Record<string, unknown>;
  /** Identifying fields echoed on a failed item. */
  ids: readonly string[];
};

const USER_IDS = ["userId", "corpUserId", "mobileNumber"] as const;
const DEPT_IDS = ["deptCode", "corpDeptCode"] as const;
const user = (type: string, run: BatchOp["run"]): BatchOp => ({ list: "personInfos", type, run, keys: userKeys, ids: USER_IDS });
const dept = (type: string, run: BatchOp["run"]): BatchOp => ({ list: "deptInfos", type, run, keys: deptKeys, ids: DEPT_IDS });

/** Path → operation. `type` in the result is the operation's name [inferred: the real strings are unknown]. */
const OPS: Record<string, BatchOp> = {
  "/api/contact/v1/user/batch/create": user("createUser", createUser),
  "/api/contact/v1/user/batch/update": user("updateUser", (s, i) => updateUser(s, i)),
  "/api/contact/v1/user/batch/delete": user("deleteUser", deleteUser),
  "/api/contact/v1/department/batch/create": dept("createDept", createDept),
  "/api/contact/v1/department/batch/update": dept("updateDept", updateDept),
  "/api/contact/v1/department/batch/delete": dept("deleteDept", deleteDept),
  "/api/contact/v2/department/batch/create": dept("createDept", createDept),
  "/api/contact/v2/department/batch/update": dept("updateDept", updateDept),
};

const jobs = (sb: Sandbox) => slot(sb, "batch.jobs", () => new Map<string, Job>());

function runJob(sb: Sandbox, job: Job, op: BatchOp, items: Input[]): void {
  for (const item of items) {
    const result = op.run(sb, item);
    job.data.push(
      result.ok
        ? { code: "0", message: "ok", ...(op.keys as (x: unknown) => Record<string, unknown>)(result.value) }
        : { code: result.error.code, message: result.error.message, ...pick(item, op.ids) },
    );
  }
  job.status = 1;
}

function submit(sb: Sandbox, op: BatchOp) {
  return async (c: Context): Promise<Response> => {
    const auth = authorize(sb, c, CONTACT_SYNC);
    if (isResponse(auth)) return auth;
    const raw = (await body(c))[op.list];
    const items = Array.isArray(raw) ? raw.filter((x): x is Input => !!x && typeof x === "object" && !Array.isArray(x)) : [];
    if (items.length === 0) return fail(c, ContactError.PARAM_EMPTY, `${op.list} is empty`);
    if (items.length > MAX_ITEMS) return fail(c, ContactError.TOO_MANY, `at most ${MAX_ITEMS} items per batch`);
    const store = jobs(sb);
    if (store.size >= JOBS_KEPT) store.delete(store.keys().next().value!);
    const job: Job = { jobId: randomText(12), clientId: auth.app.clientId, type: op.type, status: 0, total: items.length, data: [] };
    store.set(job.jobId, job);
    setTimeout(() => runJob(sb, job, op, items), sb.settings.batchDelayMs);
    return ok(c, { jobId: job.jobId });
  };
}

/** GET /contact/v1/batch/result?jobId= — another app's job is as unknown as a made-up one (47001). */
function result(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, CONTACT_SYNC);
  if (isResponse(auth)) return auth;
  const jobId = str(c.req.query("jobId"));
  if (!jobId) return fail(c, ContactError.PARAM_EMPTY, "jobId is required");
  const job = jobs(sb).get(jobId);
  if (!job || job.clientId !== auth.app.clientId) return fail(c, ContactError.NOT_FOUND, "no such job");
  const percentage = Math.floor((job.data.length / job.total) * 100);
  return ok(c, { jobId: job.jobId, status: job.status, type: job.type, total: job.total, percentage, data: job.data });
}

export function batchRoutes(sb: Sandbox) {
  const app = new Hono();
  for (const [path, op] of Object.entries(OPS)) app.post(path, submit(sb, op));
  app.get("/api/contact/v1/batch/result", (c) => result(sb, c));
  return app;
}
