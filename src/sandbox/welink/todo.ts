import { type Context, Hono } from "hono";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { App } from "./model.ts";
import { isVisibleTo, type Sandbox } from "./sandbox.ts";
import { deliver } from "./messages-store.ts";
import { applicantTask, bindApplicant, newUuid, openTodos, putTodo, setStatus, taskTodos, type Todo, todoView } from "./todo-store.ts";

/*
 * Todo codes (reference §5.6): 55000 missing parameter, 55002 no permission, 55005 validation
 * failed, 55008 todo does not exist, 55009 delete failed, 55010 todo already exists, 55011 illegal
 * update, 55015 applicantId already exists. (WeLink's older ISV pages swap the meanings of 55005
 * and 55006; the sandbox follows the reference.)
 */
const MISSING = "55000";
const NO_PERMISSION = "55002";
const INVALID = "55005";

type Rule = { required: string[]; names: string[]; optional: string[] };
const V2: Rule = {
  required: ["taskId", "taskTitle", "userId", "detailsUrl", "appName", "applicantUserId", "applicantId"],
  // Names are required by WeLink's pages, but a person may have no English name: present is enough [inferred].
  names: ["userNameCn", "userNameEn", "applicantUserNameCn", "applicantUserNameEn"],
  optional: ["taskDesc", "isMsg", "isShowApplicantUserName"],
};
const RULES: Record<1 | 2 | 3, Rule> = {
  // v1's required set is not documented; these are the fields every version needs [inferred].
  1: { required: ["taskId", "taskTitle", "userId", "detailsUrl", "appName"], names: [], optional: ["taskDesc", "applicantUserId", "applicantUserNameCn", "applicantUserNameEn", "isMsg"] },
  2: V2,
  3: { ...V2, optional: [...V2.optional, "detailsUrlPc", "businessCode"] },
};

type Problem = { code: string; message: string };
const present = (v: unknown) => v !== undefined && v !== null;

/** Required fields, then the typed options: isMsg 0/1, isShowApplicantUserName boolean, http(s) PC link, alphanumeric businessCode. */
function checkAdd(b: Record<string, unknown>, rule: Rule): Problem | undefined {
  for (const k of rule.required) if (str(b[k]) === undefined) return { code: MISSING, message: `missing required parameter: ${k}` };
  for (const k of rule.names) if (typeof b[k] !== "string") return { code: MISSING, message: `missing required parameter: ${k}` };
  for (const k of [...rule.required, ...rule.optional]) {
    const v = b[k];
    if (present(v) && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return { code: INVALID, message: `${k} has the wrong type` };
  }
  if (present(b.isMsg) && !["0", "1"].includes(String(b.isMsg))) return { code: INVALID, message: "isMsg must be 0 or 1" };
  if (present(b.isShowApplicantUserName) && !["true", "false"].includes(String(b.isShowApplicantUserName))) return { code: INVALID, message: "isShowApplicantUserName must be true or false" };
  if (present(b.detailsUrlPc) && !/^https?:\/\//i.test(String(b.detailsUrlPc))) return { code: INVALID, message: "detailsUrlPc supports only http and https" };
  if (present(b.businessCode) && !/^[A-Za-z0-9]+$/.test(String(b.businessCode))) return { code: INVALID, message: "businessCode takes letters and digits only" };
  return undefined;
}

function fieldsOf(b: Record<string, unknown>, rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [...rule.required, ...rule.names, ...rule.optional]) {
    if (k === "taskId" || k === "userId" || !present(b[k])) continue;
    if (k === "isMsg") out[k] = Number(b[k]);
    else if (k === "isShowApplicantUserName") out[k] = String(b[k]) === "true";
    else out[k] = String(b[k]);
  }
  return out;
}

/** The handler must be a live account in the app's visible range (codes for each case [inferred]). */
function handlerProblem(sb: Sandbox, app: App, userId: string): Problem | undefined {
  const user = sb.org.users.get(userId);
  if (!user || user.userStatus === 4) return { code: INVALID, message: `user ${userId} does not exist` };
  if (!isVisibleTo(sb, app, userId)) return { code: NO_PERMISSION, message: `user ${userId} is outside the app's visible range` };
  return undefined;
}

/** isMsg=1 also pushes a public-account message to the handler (§5.1). */
function notify(sb: Sandbox, t: Todo): void {
  if (t.fields.isMsg !== 1) return;
  const f = t.fields;
  deliver(sb, { clientId: t.clientId, kind: "todo", receivers: [t.userId], fields: { msgOwner: f.appName, msgTitle: f.taskTitle, msgContent: f.taskDesc ?? f.taskTitle, urlPath: f.detailsUrl, taskId: t.taskId } });
}

function newTodo(sb: Sandbox, from: Pick<Todo, "clientId" | "taskId" | "userId" | "version" | "fields">): Todo {
  const now = sb.now();
  const todo: Todo = { ...from, uuid: newUuid(), status: "open", createTime: now, lastModifyTime: now };
  putTodo(sb, todo);
  notify(sb, todo);
  return todo;
}

async function addTask(sb: Sandbox, c: Context, version: 1 | 2 | 3): Promise<Response> {
  const auth = authorize(sb, c, "todo");
  if (isResponse(auth)) return auth;
  const b = await body(c);
  // WeLink's own v1 sample sends `detailUrl`; its answer says `detailsUrl`. Both are read.
  if (version === 1 && !present(b.detailsUrl)) b.detailsUrl = b.detailUrl;
  const rule = RULES[version];
  const taskId = str(b.taskId) ?? "";
  const userId = str(b.userId) ?? "";
  const problem = checkAdd(b, rule) ?? handlerProblem(sb, auth.app, userId);
  if (problem) return fail(c, problem.code, problem.message);
  // 55010 only for an exact duplicate: this flow already open with this handler [inferred].
  if (taskTodos(sb, auth.app.clientId, taskId)?.get(userId)?.status === "open") return fail(c, "55010", "待办ID已存在");
  const applicantId = str(b.applicantId);
  // One application keeps one applicantId across its recipients (§5.1); reusing it for another flow is 55015 [inferred].
  const owner = applicantId === undefined ? undefined : applicantTask(sb, auth.app.clientId, applicantId);
  if (applicantId !== undefined && owner !== undefined && owner !== taskId) return fail(c, "55015", "申请ID已存在");
  if (applicantId !== undefined) bindApplicant(sb, auth.app.clientId, applicantId, taskId);
  const todo = newTodo(sb, { clientId: auth.app.clientId, taskId, userId, version, fields: fieldsOf(b, rule) });
  return ok(c, { data: todoView(sb, todo) }, "新增待办任务成功!");
}

/** PUT v2/updatetask?taskId&userId&userNameCn&userNameEn: the flow's open todos are done; the named user gets it next. */
async function handOver(sb: Sandbox, c: Context): Promise<Response> {
  const auth = authorize(sb, c, "todo");
  if (isResponse(auth)) return auth;
  const q = c.req.query();
  const taskId = str(q.taskId);
  const userId = str(q.userId);
  if (!taskId || !userId || q.userNameCn === undefined || q.userNameEn === undefined) return fail(c, MISSING, "taskId, userId, userNameCn and userNameEn are required (query parameters)");
  const open = openTodos(taskTodos(sb, auth.app.clientId, taskId));
  const current = open.sort((a, b) => b.lastModifyTime - a.lastModifyTime)[0];
  if (!current) return fail(c, "55008", "待办任务不存在");
  const problem = handlerProblem(sb, auth.app, userId);
  if (problem) return fail(c, problem.code, problem.message);
  // Handing a flow to someone who already holds it is refused as an illegal update [inferred].
  if (open.some((t) => t.userId === userId)) return fail(c, "55011", `the todo is already with ${userId}`);
  for (const t of open) setStatus(sb, t, "done");
  const fields = { ...current.fields, userNameCn: q.userNameCn, userNameEn: q.userNameEn };
  const next = newTodo(sb, { clientId: auth.app.clientId, taskId, userId, version: current.version, fields });
  return ok(c, { data: { ...todoView(sb, next), userTaskCompleteUuid: current.uuid } }, "更新待办任务成功!");
}

/** PUT v1/updatetask?taskId&userId: finishes one user's todo. `data` false when that user had none open (ISV page). */
function finishOne(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, "todo");
  if (isResponse(auth)) return auth;
  const taskId = str(c.req.query("taskId"));
  const userId = str(c.req.query("userId"));
  if (!taskId || !userId) return fail(c, MISSING, "taskId and userId are required (query parameters)");
  const task = taskTodos(sb, auth.app.clientId, taskId);
  if (!task) return fail(c, "55008", "待办任务不存在");
  const todo = task.get(userId);
  if (todo?.status !== "open") return ok(c, { data: false }, "Update todo task successfully.");
  setStatus(sb, todo, "done");
  return ok(c, { data: true }, "Update todo task successfully.");
}

/** DELETE v1/deltask?taskId: cancels (or finishes) the flow for every handler still holding it. */
function cancelTask(sb: Sandbox, c: Context): Response {
  const auth = authorize(sb, c, "todo");
  if (isResponse(auth)) return auth;
  const taskId = str(c.req.query("taskId"));
  if (!taskId) return fail(c, MISSING, "taskId is required (query parameter)");
  const task = taskTodos(sb, auth.app.clientId, taskId);
  if (!task) return fail(c, "55008", "待办任务不存在");
  const open = openTodos(task);
  // Nothing left open (already deleted or finished): delete failed [inferred].
  const first = open[0];
  if (!first) return fail(c, "55009", "Delete todo task failed.");
  for (const t of open) setStatus(sb, t, "deleted");
  return ok(c, { data: { taskId, uuid: first.uuid, tenantId: sb.settings.tenantId } }, "Delete todo task successfully.");
}

export function todoRoutes(sb: Sandbox) {
  const routes = new Hono();
  routes.post("/api/todo/v3/addtask", (c) => addTask(sb, c, 3));
  routes.post("/api/todo/v2/addtask", (c) => addTask(sb, c, 2));
  routes.post("/api/todo/v1/addtask", (c) => addTask(sb, c, 1));
  routes.put("/api/todo/v2/updatetask", (c) => handOver(sb, c));

  routes.put("/api/todo/v1/updatetask", (c) => finishOne(sb, c));
  routes.delete("/api/todo/v1/deltask", (c) => cancelTask(sb, c));
  return routes;
}
