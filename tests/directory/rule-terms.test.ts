import { afterAll, beforeAll, expect, test } from "bun:test";
// The world first: its harness loads @hono/zod-openapi before the use cases build their zod schemas.
import { startWorld, TENANT, type World } from "../login/entry/support.ts";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { type AdminClient, signedIn } from "../helpers/admin-client.ts";
import { eq } from "drizzle-orm";
import { corps } from "../../src/accounts/schema.ts";
import type { OaPerson } from "../../src/sandbox/oa/model.ts";

/**
 * The WeLink sandbox and the demo OA, where some OA people carry their WeLink identity in another
 * field than WeLink does: the OA keeps the WeLink account as the job number (group A), or an
 * account that is the WeLink e-mail's prefix in capitals (group B), with no mobile or e-mail to
 * fall back on. A same-field rule cannot bind them; a rule with cross-field terms can.
 */
let w: World;
let admin: AdminClient;
const T = { tenant: TENANT };
const local = (p: OaPerson) => p.welinkUserId!.replace(/@.*$/, "");
let groupA: OaPerson[];
let groupB: OaPerson[];

const call = async (method: string, path: string, body?: unknown) => {
  const res = await w.h.call(method, path, { ...T, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
};
const bindingsOf = async () => {
  const { body } = await call("GET", `/api/v1/corps/${w.corpId}/bindings?limit=500`);
  return new Map((body.items as { welinkUserId: string; oaUserId: string; method: string }[]).map((b) => [b.welinkUserId, b]));
};
const setRule = (rule: Record<string, unknown>) => call("PATCH", `/api/v1/corps/${w.corpId}`, { bindingRule: { enabled: true, ...rule } });

beforeAll(async () => {
  w = await startWorld();
  admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  await admin.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
  const subjects = w.people.slice(0, 6);
  groupA = subjects.slice(0, 3);
  groupB = subjects.slice(3, 6);
  for (const [i, p] of subjects.entries()) {
    p.mobile = null;
    p.email = null;
    if (i < 3) p.jobNumber = local(p);
    else {
      p.loginName = local(p).toUpperCase();
      p.jobNumber = `T-${i}`;
    }
  }
  expect((await call("POST", "/api/v1/oa/refresh")).status).toBe(200);
  await call("PATCH", `/api/v1/corps/${w.corpId}`, { syncAppId: w.appId });
  expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T)).status).toBe(200);
});
afterAll(() => w.stop());

test("the same-field rule over every field cannot bind people whose identity sits in another field", async () => {
  // The old shape, as API clients written before terms send it, is still accepted.
  const set = await setRule({ combine: "or", fields: ["mobile", "email", "account", "employeeNo"] });
  expect(set.status).toBe(200);
  expect((set.body.bindingRule as { terms: unknown[] }).terms).toEqual(["mobile", "email", "account", "employeeNo"].map((f) => ({ oa: f, welink: f })));
  const run = await call("POST", `/api/v1/corps/${w.corpId}/auto-bind`);
  expect(run.status).toBe(200);
  expect(run.body.bound).toBeGreaterThan(0);
  const bound = await bindingsOf();
  for (const p of [...groupA, ...groupB]) expect(bound.has(p.welinkUserId!)).toBe(false);
});

test("a rule with cross-field terms binds them, says which term bound how many, and leaves earlier bindings alone", async () => {
  const before = await bindingsOf();
  const set = await setRule({ combine: "or", terms: [{ oa: "employeeNo", welink: "account" }, { oa: "account", welink: "emailPrefix" }] });
  expect(set.status).toBe(200);
  const run = await call("POST", `/api/v1/corps/${w.corpId}/auto-bind`);
  expect(run.body.byTerm).toEqual([
    { term: "employeeNo:account", bound: expect.any(Number) },
    { term: "account:emailPrefix", bound: expect.any(Number) },
  ]);
  const after = await bindingsOf();
  for (const p of groupA) expect(after.get(p.welinkUserId!)).toMatchObject({ oaUserId: p.id, method: "rule" });
  for (const p of groupB) expect(after.get(p.welinkUserId!)).toMatchObject({ oaUserId: p.id, method: "rule" });
  const [byAccount, byPrefix] = run.body.byTerm as { bound: number }[];
  expect(byAccount!.bound).toBeGreaterThanOrEqual(groupA.length);
  expect(byPrefix!.bound).toBeGreaterThanOrEqual(groupB.length);
  // Every binding made before is exactly as it was.
  for (const [id, b] of before) expect(after.get(id)).toEqual(b);
  // The audit names the term that bound each person.
  const audit = await call("GET", `/api/v1/audit?action=binding.create&limit=500`);
  const entry = (audit.body.items as { target: string; after: { matchedBy?: string } }[]).find((a) => a.target.endsWith(`/welink:${groupB[0]!.welinkUserId}`));
  expect(entry?.after.matchedBy).toBe("account:emailPrefix");
});

test("the enterprise API answers the rule as terms and refuses a half term, an unknown field and a repeated term", async () => {
  const got = await call("GET", `/api/v1/corps/${w.corpId}`);
  expect(got.body.bindingRule).toEqual({ enabled: true, combine: "or", terms: [{ oa: "employeeNo", welink: "account" }, { oa: "account", welink: "emailPrefix" }] });
  for (const terms of [[{ oa: "account" }], [{ oa: "emailPrefix", welink: "account" }], [{ oa: "mobile", welink: "mobile" }, { oa: "mobile", welink: "mobile" }], []]) {
    const res = await setRule({ combine: "or", terms });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.errors)).toContain("bindingRule.terms");
  }
});

test("the directory page says, in both languages, which term bound how many after a run", async () => {
  expect((await call("DELETE", `/api/v1/corps/${w.corpId}/bindings/${encodeURIComponent(groupA[0]!.welinkUserId!)}`)).status).toBeLessThan(300);
  const res = await admin.post(`/admin/directory/${w.corpId}/auto-bind`);
  const where = new URL(res.headers.get("location")!, "http://x");
  expect(where.searchParams.get("ruleTerms")).toBe("employeeNo:account=1");
  expect((await admin.getText(where.pathname + where.search)).html).toContain("按「OA 工号 ↔ WeLink 账号」绑定 1 人");
  await admin.get("/admin/lang/en?back=/admin");
  expect((await admin.getText(where.pathname + where.search)).html).toContain("1 bound by “OA Employee number ↔ WeLink Account”");
  await admin.get("/admin/lang/zh-CN?back=/admin");
});

test("a corp whose stored rule is still in the old shape (fields) keeps binding, with no migration of its data", async () => {
  await w.h.deps.db.update(corps).set({ bindingRule: '{"enabled":true,"fields":["employeeNo"],"combine":"or"}' }).where(eq(corps.id, w.corpId));
  const got = await call("GET", `/api/v1/corps/${w.corpId}`);
  expect(got.body.bindingRule).toEqual({ enabled: true, combine: "or", terms: [{ oa: "employeeNo", welink: "employeeNo" }] });
  // Someone the old rule can find: unbind a person whose OA job number is their WeLink employee id.
  const someone = w.people.find((p) => !groupA.includes(p) && !groupB.includes(p))!;
  expect((await call("DELETE", `/api/v1/corps/${w.corpId}/bindings/${encodeURIComponent(someone.welinkUserId!)}`)).status).toBeLessThan(300);
  const run = await call("POST", `/api/v1/corps/${w.corpId}/auto-bind`);
  expect(run.body).toMatchObject({ bound: 1, byTerm: [{ term: "employeeNo", bound: 1 }] });
  expect((await bindingsOf()).get(someone.welinkUserId!)).toMatchObject({ oaUserId: someone.id, method: "rule" });
  // The stored text is left as it was until someone saves the rule.
  const [row] = await w.h.deps.db.select({ rule: corps.bindingRule }).from(corps).where(eq(corps.id, w.corpId));
  expect(row!.rule).toContain('"fields"');
});
