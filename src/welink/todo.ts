import type { Call } from "./caller.ts";
import { fieldsOf, flag, type Raw, str } from "./read.ts";
import type { TodoCreate, WelinkTodo } from "./types.ts";

const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);

/** Fields every addtask version takes (§5.1–5.2). */
function common(t: TodoCreate): Record<string, unknown> {
  return {
    taskId: t.taskId,
    taskTitle: t.title,
    userId: t.userId,
    detailsUrl: t.detailsUrl,
    appName: t.appName,
    applicantUserId: t.applicant.userId,
    applicantUserNameCn: t.applicant.nameCn,
    applicantUserNameEn: t.applicant.nameEn,
    isMsg: bit(t.notify),
  };
}

// v2/v3 insist that the four names are present; a person without an English name sends "".
const v2Fields = (t: TodoCreate) => ({
  ...common(t),
  userNameCn: t.userNameCn ?? "",
  userNameEn: t.userNameEn ?? "",
  applicantUserNameCn: t.applicant.nameCn ?? "",
  applicantUserNameEn: t.applicant.nameEn ?? "",
  isShowApplicantUserName: t.showApplicantName,
  applicantId: t.applicantId,
});

function toTodo(r: Raw, fallbackTaskId: string): WelinkTodo {
  return { taskId: str(r.taskId) ?? fallbackTaskId, uuid: str(r.uuid), tenantId: str(r.tenantId), userId: str(r.userId) };
}

/**
 * Todos (§5): one handler per call; todos are keyed by (app, taskId, user). A retried addtask
 * that already went through comes back as WELINK_DUPLICATE (55010): callers treat it as done.
 */
export function todoApi(call: Call) {
  const add = async (path: string, body: Record<string, unknown>, taskId: string) => toTodo(fieldsOf(await call({ method: "POST", path, json: body, auth: "app" })), taskId);
  return {
    /** POST /api/todo/v3/addtask: adds the PC link and the business code. */
    addTask: (t: TodoCreate) => add("/api/todo/v3/addtask", { ...v2Fields(t), detailsUrlPc: t.detailsUrlPc, businessCode: t.businessCode }, t.taskId),
    /** POST /api/todo/v2/addtask. */
    addTaskV2: (t: TodoCreate) => add("/api/todo/v2/addtask", v2Fields(t), t.taskId),
    /** POST /api/todo/v1/addtask. */
    addTaskV1: (t: TodoCreate) => add("/api/todo/v1/addtask", { ...common(t), taskDesc: t.description }, t.taskId),

    /** Hands the task to the next handler (PUT /api/todo/v2/updatetask, parameters in the query, §5.3). */
    async handOver(h: { taskId: string; userId: string; userNameCn?: string; userNameEn?: string }): Promise<WelinkTodo> {
      const query = { taskId: h.taskId, userId: h.userId, userNameCn: h.userNameCn ?? "", userNameEn: h.userNameEn ?? "" };
      const env = await call({ method: "PUT", path: "/api/todo/v2/updatetask", query, auth: "app" });
      return toTodo(fieldsOf(env), h.taskId);
    },

    /** Finishes one user's todo (PUT /api/todo/v1/updatetask, §5.4). WeLink answers true or false. */
    async completeForUser(x: { taskId: string; userId: string }): Promise<boolean> {
      const env = await call({ method: "PUT", path: "/api/todo/v1/updatetask", query: { ...x }, auth: "app" });
      return flag(env.data) ?? true;
    },

    /** Cancels the task, or finishes it for everyone (DELETE /api/todo/v1/deltask, §5.5). */
    async deleteTask(taskId: string): Promise<WelinkTodo> {
      const env = await call({ method: "DELETE", path: "/api/todo/v1/deltask", query: { taskId }, auth: "app" });
      return toTodo(fieldsOf(env), taskId);
    },
  };
}

export type TodoApi = ReturnType<typeof todoApi>;
