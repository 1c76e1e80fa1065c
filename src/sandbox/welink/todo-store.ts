import { randomInt } from "node:crypto";
import { type Sandbox, slot } from "./sandbox.ts";

export type TodoStatus = "open" | "done" | "deleted";

/**
 * One user's todo of one business flow. Todos are keyed by (app, taskId, userId) [inferred, §5.6]:
 * one approval flow (taskId) can sit with several handlers at once.
 */
export type Todo = {
  clientId: string;
  taskId: string;
  userId: string;
  /** WeLink's own key of the todo (an 18-digit number in its samples). */
  uuid: string;
  version: 1 | 2 | 3;
  status: TodoStatus;
  /** The fields as sent (titles, links, names, applicant…), shown back in answers and the inbox. */
  fields: Record<string, unknown>;
  createTime: number;
  lastModifyTime: number;
};

type TodoState = {
  tasks: Map<string, Map<string, Todo>>;
  /** applicantId → the taskId it was first used with (55015 when reused for another flow). */
  applicants: Map<string, string>;
  lastPurge: number;
};

const state = (sb: Sandbox) => slot<TodoState>(sb, "todos", () => ({ tasks: new Map(), applicants: new Map(), lastPurge: 0 }));
const key = (clientId: string, id: string) => `${clientId}\n${id}`;

/** WeLink drops a todo not updated for 3 months (§5.6). */
const STALE_MS = 90 * 24 * 3600_000;
const PURGE_EVERY_MS = 3600_000;

export const newUuid = () => String(randomInt(1, 10)) + Array.from({ length: 17 }, () => randomInt(10)).join("");

/** The handlers of one flow (every state), or undefined when the app never used this taskId. */
export function taskTodos(sb: Sandbox, clientId: string, taskId: string): Map<string, Todo> | undefined {
  purgeStale(sb);
  return state(sb).tasks.get(key(clientId, taskId));
}

export const openTodos = (task: Map<string, Todo> | undefined) => [...(task?.values() ?? [])].filter((t) => t.status === "open");

export function putTodo(sb: Sandbox, todo: Todo): void {
  const tasks = state(sb).tasks;
  const k = key(todo.clientId, todo.taskId);
  let task = tasks.get(k);
  if (!task) tasks.set(k, (task = new Map()));
  task.set(todo.userId, todo);
}

/** The taskId an applicantId already belongs to in this app, if any. */
export const applicantTask = (sb: Sandbox, clientId: string, applicantId: string) => state(sb).applicants.get(key(clientId, applicantId));
export const bindApplicant = (sb: Sandbox, clientId: string, applicantId: string, taskId: string) => state(sb).applicants.set(key(clientId, applicantId), taskId);

export function setStatus(sb: Sandbox, todo: Todo, status: TodoStatus): void {
  todo.status = status;
  todo.lastModifyTime = sb.now();
}

/** WeLink's time format in todo answers: "2019-12-01 18:00:00", China time (UTC+8) [inferred]. */
export function welinkTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
}

/** A todo as WeLink answers it (`data` of addtask / updatetask). */
export function todoView(sb: Sandbox, t: Todo): Record<string, unknown> {
  return {
    taskId: t.taskId,
    uuid: t.uuid,
    ...t.fields,
    userId: t.userId,
    createTime: welinkTime(t.createTime),
    lastModifyTime: welinkTime(t.lastModifyTime),
    tenantId: sb.settings.tenantId,
  };
}

/** Every todo a user has (open, done and deleted), newest first, for the inspection API. */
export function todosOf(sb: Sandbox, userId: string) {
  purgeStale(sb);
  const out: Todo[] = [];
  for (const task of state(sb).tasks.values()) {
    const t = task.get(userId);
    if (t) out.push(t);
  }
  return out.sort((a, b) => b.lastModifyTime - a.lastModifyTime).map((t) => ({ clientId: t.clientId, status: t.status, ...todoView(sb, t) }));
}

function purgeStale(sb: Sandbox): void {
  const s = state(sb);
  const now = sb.now();
  if (now - s.lastPurge < PURGE_EVERY_MS) return;
  s.lastPurge = now;
  for (const [k, task] of s.tasks) {
    for (const [userId, t] of task) if (now - t.lastModifyTime > STALE_MS) task.delete(userId);
    if (task.size === 0) s.tasks.delete(k);
  }
}
