// The entry world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, type World } from "../login/entry/support.ts";
import { enableScan } from "../login/scan/phone-support.ts";
import type { Clock } from "../../src/kernel/clock.ts";
import { inTransaction } from "../../src/kernel/db/client.ts";
import { runDispatcher } from "../../src/messages/dispatcher.ts";
import { upsertUsers } from "../../src/oa/store.ts";
import { uploadOk } from "../oa/csv-support.ts";
import { startWritebackCorp, type WritebackCorp } from "./language-writeback.ts";

/**
 * The demo's data, built in-process through the same use cases and API as the demo and the admin:
 * the sandbox and the demo OA from one seed, one read-write corp with pulls (one held), an
 * OA → WeLink run with refused writes, one failed and one held by a guard, review items, deliveries skipped / failed / dead, a CSV
 * import with refused rows, a second corp whose app WeLink refuses, scan login switched on, a
 * third corp writing WeLink back into the OA (language-writeback.ts) and a failed OA refresh.
 */
export type LanguageWorld = World & { data: Set<string>; pushRuns: { id: string; status: string }[]; brokenCorpId: string; brokenAppId: string; writeback: WritebackCorp; tenantId: string; clock: Clock & { shift(ms: number): void } };

const T = "default";
/** The WeLink person who is in no OA: the homepage asks them to bind. */
export const NEWCOMER = "newcomer@welink";

/** Wall time that a test can push forward (dead deliveries need 24 h of failures). */
function shiftableClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, shift: (ms) => void (offset += ms) };
}

async function ok(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startLanguageWorld(): Promise<LanguageWorld> {
  const clock = shiftableClock();
  const w = await startWorld({ serve: true, clock });
  const call = (method: string, path: string, body?: unknown) => w.h.call(method, path, { tenant: T, body });
  const tenantId = (await ok(await call("GET", "/api/v1/tenants/default"))).id as string;
  const { sb } = w.sandbox;

  // The corp: read-write, its app as the sync app, the binding rule on (mobile, then e-mail).
  await ok(await call("PATCH", `/api/v1/corps/${w.corpId}`, { contactPermission: "read-write", syncAppId: w.appId, bindingRule: { enabled: true, fields: ["mobile", "email"], combine: "or" } }));
  await ok(await call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`));

  // Two OA people sharing a WeLink person's mobile: the rule cannot choose, the review queue gets them.
  const shared = w.people[5]!;
  const twin = { id: "oa-twin-1", ...(shared.mobile ? { mobile: shared.mobile } : {}), ...(shared.email ? { email: shared.email } : {}), account: "twin1", name: "重名一", partTimeDeptIds: [], active: true };
  await inTransaction(w.h.deps.db, (tx) => upsertUsers(tx, tenantId, [twin, { ...twin, id: "oa-twin-2", account: "twin2", name: "重名二" }]));
  await ok(await call("POST", `/api/v1/corps/${w.corpId}/auto-bind`));

  // OA → WeLink with WeLink refusing every user update: a run with failures.
  await ok(await call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { addNewPeople: true }));
  sb.faults.errorRates = { "/api/contact/v1/user/update": { rate: 1, code: "47004" } };
  await ok(await call("POST", `/api/v1/corps/${w.corpId}/push?wait=true`));
  // One WeLink stops: it refuses the app's token even once renewed, so the run fails.
  sb.faults.errorRates = { "/api/contact/v1/user/update": { rate: 1, code: "58401" } };
  await call("POST", `/api/v1/corps/${w.corpId}/push?wait=true`);
  sb.faults.errorRates = {};
  // One a guard holds: a bound person left out of scope is a removal, over a breaker of none.
  const strict = { addNewPeople: true, scope: { depts: [], include: [], exclude: [w.people[0]!.id] }, breaker: { usersMax: 0, usersPct: 10, deptsMax: 5, deptsPct: 10 } };
  await ok(await call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, strict));
  await ok(await call("POST", `/api/v1/corps/${w.corpId}/push?wait=true`));
  await ok(await call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { addNewPeople: true }));
  const pushRuns = (await w.h.deps.database.client.execute("SELECT id, status FROM sync_runs WHERE kind = 'push' ORDER BY started_at")).rows.map((r) => ({ id: String(r[0]), status: String(r[1]) }));

  // A pull held for approval: a fifth of WeLink's people gone at once.
  const cast = new Set(w.people.slice(0, 8).map((p) => p.welinkUserId));
  const leavers = [...sb.org.users.values()].filter((u) => !cast.has(u.userId)).slice(0, Math.ceil(sb.org.users.size * 0.25));
  for (const u of leavers) sb.org.removeUser(u.userId);
  await ok(await call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`));

  // A WeLink person the OA does not have: opening the app, they get the bind page.
  const like = sb.org.users.get(w.people[1]!.welinkUserId!)!;
  sb.org.putUser({ ...like, userId: NEWCOMER, corpUserId: "NEWCOMER", mobileNumber: "+86-19900000001", userEmail: "newcomer@example.com", employeeId: "N1", userNameCn: "新来的" });

  // A second corp whose app WeLink does not know: its test and its pull fail.
  const broken = await ok(await call("POST", "/api/v1/corps", { name: "失效企业", welinkTenantId: "broken-tenant", apiBaseUrl: w.sandbox.baseUrl }));
  const brokenApp = await ok(await call("POST", `/api/v1/corps/${broken.id as string}/apps`, { name: "失效应用", clientId: "no-such-client", clientSecret: "wrong-secret-0123456789" }));
  await ok(await call("PATCH", `/api/v1/corps/${broken.id as string}`, { syncAppId: brokenApp.id }));
  await call("POST", `/api/v1/apps/${brokenApp.id as string}/test`);
  await call("POST", `/api/v1/corps/${broken.id as string}/pull?wait=true`);

  // Messages: bound and unbound recipients; WeLink failing transiently for a day makes them dead.
  await ok(await call("POST", "/api/v1/push-rules", { name: "审批通知", sources: ["*"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] }));
  const pushToken = await w.h.tenantToken(T, ["push"]);
  const recipients = [...w.people.slice(0, 3).map((p) => p.id), "nobody-in-oa"];
  const send = (externalId: string) =>
    w.h.call("POST", "/api/v1/messages", { token: pushToken, body: { source: "approval", externalId, kind: "create", title: "请假申请", body: "3 天", mobileUrl: "https://oa.example.com/m/1", pcUrl: "https://oa.example.com/1", sender: "李雷", recipients } });
  await ok(await send("AP-1"));
  await runDispatcher(w.h.deps, { random: () => 0.5 });
  sb.faults.errorRates = { "/api/messages": { rate: 1, code: "http500" } };
  await ok(await send("AP-2"));
  await runDispatcher(w.h.deps, { random: () => 0.5 });
  clock.shift(25 * 3_600_000);
  await runDispatcher(w.h.deps, { random: () => 0.5 });
  clock.shift(-25 * 3_600_000);
  sb.faults.errorRates = {};

  // A CSV import of people with refused rows (unknown department, bad mobile, a repeated id).
  const csv = "人员ID,账号,姓名,部门路径,手机\nc1,c1,陈一,总部/研发,13800000001\nc2,c2,陈二,总部/研发,not-a-phone\nc2,c2,陈二,总部/研发,13800000002\nc3,,陈三,,\n";
  await uploadOk(w.h, "users", csv, { fileName: "people.csv" });

  await enableScan(w);
  // A CAS service and an OIDC client, so that their edit, rotate and delete pages are crawled.
  await ok(await call("POST", "/api/v1/sso/cas/services", { name: "OA 门户", urlPrefix: "https://oa.example.com/", attributes: ["name", "email"] }));
  await ok(await call("POST", "/api/v1/sso/oidc/clients", { name: "报销系统", type: "confidential", redirectUris: ["https://oa.example.com/cb"] }));
  const writeback = await startWritebackCorp(w, call);
  const stop = () => (writeback.sandbox.stop(), w.stop());
  return { ...w, stop, data: await dataValues(w), pushRuns, tenantId, brokenCorpId: broken.id as string, brokenAppId: brokenApp.id as string, writeback, clock };
}

/** Every name the world's data holds: what a page may show in either language as it is. */
async function dataValues(w: World): Promise<Set<string>> {
  const sql = [
    "SELECT name FROM oa_departments", "SELECT name FROM oa_users", "SELECT position FROM oa_users",
    "SELECT name_cn FROM welink_depts", "SELECT name_cn FROM welink_users", "SELECT position FROM welink_users",
    "SELECT name FROM corps", "SELECT name FROM apps", "SELECT name FROM tenants", "SELECT name FROM push_rules", "SELECT name FROM cas_services", "SELECT name FROM oidc_clients",
    "SELECT title FROM messages", "SELECT body FROM messages", "SELECT sender FROM messages",
  ];
  const out = new Set<string>();
  for (const q of sql) for (const row of (await w.h.deps.database.client.execute(q)).rows) if (row[0]) out.add(String(row[0]));
  for (const d of w.sandbox.sb.org.depts.values()) out.add(d.deptNameCn);
  for (const u of w.sandbox.sb.org.users.values()) out.add(u.userNameCn);
  for (const p of w.oa.org.users) out.add(p.name);
  return out;
}
