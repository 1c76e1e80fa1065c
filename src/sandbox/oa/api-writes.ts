import { type Context, Hono } from "hono";
import { z } from "zod";
import { deptItem, type OaPerson, personItem } from "./model.ts";
import type { DemoOaState } from "./state.ts";

/**
 * The demo OA's writes (the bridge's WeLink → OA write-back): create / update / disable
 * departments and people. Every write needs an `Idempotency-Key` header; a key seen before gets
 * the first answer again and writes nothing; `state.writes` counts real writes (and logs them) apart
 * from the keys sent, so a test can prove a resumed run wrote each thing once.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);
const Opt = (max: number) => z.string().trim().max(max).nullable().optional();
const DeptBody = z.object({ name: Text(100), parentId: z.string().max(64).nullable().default(null), sort: z.number().int().min(0).max(1_000_000).default(0) });
const UserBody = z.object({
  loginName: Text(100), name: Text(100), mobile: Opt(40), email: Opt(200), jobNumber: Opt(64), title: Opt(100), deptId: Opt(64),
});
const KEY = /^[\x21-\x7e]{1,200}$/;

type Answer = { status: 200 | 201 | 400 | 404 | 409; code: number; message?: string; data?: unknown };
const ok = (data: unknown, status: 200 | 201 = 200): Answer => ({ status, code: 0, data });
const no = (status: 400 | 404 | 409, message: string): Answer => ({ status, code: status, message });

/** Runs the write once per key: validation failures are not remembered (a corrected retry may use the same key). */
async function once(c: Context, state: DemoOaState, write: (body: unknown) => Answer): Promise<Response> {
  const key = c.req.header("idempotency-key") ?? "";
  if (!KEY.test(key)) return c.json({ code: 400, message: "send an Idempotency-Key header (1…200 printable characters)" }, 400);
  state.writes.sent.set(key, (state.writes.sent.get(key) ?? 0) + 1);
  const seen = state.writes.byKey.get(key);
  if (seen) return c.json(seen.body, seen.status);
  const a = write(await c.req.json().catch(() => undefined));
  if (a.status !== 200 && a.status !== 201) return c.json({ code: a.code, message: a.message }, a.status);
  const body = { code: 0, data: a.data };
  state.writes.count++;
  state.writes.byKey.set(key, { status: a.status, body });
  state.writes.log.push({ key, method: c.req.method, path: c.req.path });
  return c.json(body, a.status);
}

function parentOk(state: DemoOaState, parentId: string | null | undefined): boolean {
  return parentId == null || (state.deptById.has(parentId) && !state.deptById.get(parentId)!.disabled);
}

function nextId(prefix: string, ids: Iterable<string>, start: number): string {
  let max = start;
  for (const id of ids) if (id.startsWith(prefix)) max = Math.max(max, Number(id.slice(prefix.length)) || 0);
  return `${prefix}${max + 1}`;
}

export function writeRoutes(state: DemoOaState) {
  const api = new Hono();
  api.post("/api/org/departments", (c) => once(c, state, (raw) => {
    const b = DeptBody.safeParse(raw);
    if (!b.success) return no(400, "send JSON {name, parentId, sort}");
    if (!parentOk(state, b.data.parentId)) return no(404, `no such parent department: ${b.data.parentId}`);
    const dept = { id: nextId("d", state.deptById.keys(), 1000), parentId: b.data.parentId, name: b.data.name, sort: b.data.sort, welinkDeptCode: "" };
    state.org.depts.push(dept);
    state.deptById.set(dept.id, dept);
    return ok(deptItem(dept), 201);
  }));
  api.patch("/api/org/departments/:id", (c) => once(c, state, (raw) => {
    const dept = state.deptById.get(c.req.param("id"));
    const b = DeptBody.partial().safeParse(raw);
    if (!dept || dept.disabled) return no(404, "no such department");
    if (!b.success) return no(400, "send JSON with any of {name, parentId, sort}");
    if (b.data.parentId !== undefined && (!parentOk(state, b.data.parentId) || b.data.parentId === dept.id)) return no(409, "that parent cannot hold this department");
    Object.assign(dept, Object.fromEntries(Object.entries(b.data).filter(([, v]) => v !== undefined)));
    return ok(deptItem(dept));
  }));
  api.post("/api/org/departments/:id/disable", (c) => once(c, state, () => {
    const dept = state.deptById.get(c.req.param("id"));
    if (!dept) return no(404, "no such department");
    if (state.org.users.some((u) => u.deptId === dept.id && u.status === "active")) return no(409, "the department still holds active people");
    dept.disabled = true;
    return ok(deptItem(dept));
  }));
  api.post("/api/org/users", (c) => once(c, state, (raw) => {
    const b = UserBody.safeParse(raw);
    if (!b.success) return no(400, "send JSON {loginName, name, mobile?, email?, jobNumber?, title?, deptId?}");
    if (state.byLogin.has(b.data.loginName)) return no(409, `login name taken: ${b.data.loginName}`);
    if (!parentOk(state, b.data.deptId)) return no(404, `no such department: ${b.data.deptId}`);
    const d = b.data;
    const person: OaPerson = {
      id: nextId("u", state.byId.keys(), 100000), loginName: d.loginName, name: d.name, mobile: d.mobile ?? null, email: d.email ?? null,
      jobNumber: d.jobNumber ?? "", title: d.title ?? "", deptId: d.deptId ?? null, partTimeDeptIds: [], status: "active",
      password: `demo-${d.loginName}`, welinkUserId: null,
    };
    state.org.users.push(person);
    state.byId.set(person.id, person);
    state.byLogin.set(person.loginName, person);
    return ok(personItem(person), 201);
  }));
  api.patch("/api/org/users/:id", (c) => once(c, state, (raw) => {
    const person = state.byId.get(c.req.param("id"));
    const b = UserBody.partial().safeParse(raw);
    if (!person) return no(404, "no such person");
    if (!b.success) return no(400, "send JSON with any of {name, mobile, email, jobNumber, title, deptId}");
    if (b.data.loginName !== undefined && b.data.loginName !== person.loginName) return no(409, "the login name cannot change");
    if (b.data.deptId !== undefined && !parentOk(state, b.data.deptId)) return no(404, `no such department: ${b.data.deptId}`);
    for (const [k, v] of Object.entries(b.data)) if (v !== undefined && k !== "loginName") (person as Record<string, unknown>)[k] = v;
    return ok(personItem(person));
  }));
  api.post("/api/org/users/:id/disable", (c) => once(c, state, () => {
    const person = state.byId.get(c.req.param("id"));
    if (!person) return no(404, "no such person");
    person.status = "left";
    return ok(personItem(person));
  }));
  return api;
}
