import { expect } from "bun:test";
// The harness first: it loads @hono/zod-openapi before feature modules build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { createDept } from "../../src/sandbox/welink/dept-ops.ts";
import { createUser } from "../../src/sandbox/welink/user-ops.ts";
import { EntryClient, inputValue } from "../login/entry/support.ts";

/**
 * The product's flows on top of a real OA source (LDAP or SQL) instead of the demo OA: the WeLink
 * sandbox with a top department and WeLink people who match OA people by mobile, the bridge with a
 * read-write corp and an app through its API, the given OA connection refreshed once.
 */
export const T = { tenant: "default" };
export const TOP = "示例企业总部";

export type OaPersonRow = { id: string; account: string; name: string; mobile: string };
export type FlowWorld = {
  h: Harness;
  sandbox: RunningSandbox;
  corpId: string;
  appKey: string;
  topDeptCode: string;
  /** Active OA people with a mobile, in account order, each with the WeLink id seeded for them. */
  cast: (OaPersonRow & { welinkUserId: string })[];
  /** A WeLink person whose mobile and e-mail match nobody in the OA. */
  stranger: string;
  refreshed: Record<string, unknown>;
  stop(): void;
};

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

export async function startFlowWorld(connection: unknown, o: { seeded?: number } = {}): Promise<FlowWorld> {
  const sandbox = startSandbox();
  const top = createDept(sandbox.sb, { deptNameCn: TOP, parentCode: "0" });
  if (!top.ok) throw new Error(top.error.message);
  const h = await startHarness({
    env: { WELINK_BASE_URL: sandbox.baseUrl, WELINK_LOGIN_URL: sandbox.baseUrl, WELINK_JSAPI_URL: `${sandbox.baseUrl}/hwh5.js`, BRIDGE_PUBLIC_URL: "http://bridge.test", LOG_LEVEL: "debug" },
  });
  const call = (method: string, path: string, body?: unknown) => h.call(method, path, { ...T, body }).then(json);
  const corp = await call("POST", "/api/v1/corps", { name: "示例企业", welinkTenantId: sandbox.sb.settings.tenantId, apiBaseUrl: sandbox.baseUrl, contactPermission: "read-write" });
  const corpId = corp.id as string;
  const app = await call("POST", `/api/v1/corps/${corpId}/apps`, { name: "OA 门户", clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret });
  await call("PATCH", `/api/v1/corps/${corpId}`, { syncAppId: app.id });
  await call("PUT", "/api/v1/oa/connection", connection);
  await call("PUT", "/api/v1/oa/portal", { webBaseUrl: "http://oa.example.test" });
  const refreshed = await call("POST", "/api/v1/oa/refresh");
  const rows = await h.deps.database.client.execute({
    sql: "SELECT id, account, name, mobile FROM oa_users WHERE active = 1 AND mobile IS NOT NULL ORDER BY account LIMIT ?",
    args: [o.seeded ?? 6],
  });
  const cast = (rows.rows as unknown as OaPersonRow[]).map((p) => {
    const u = createUser(sandbox.sb, { userNameCn: String(p.name), mobileNumber: `+86-${String(p.mobile).replace(/\D/g, "").slice(-11)}`, mainDeptCode: top.value.deptCode });
    if (!u.ok) throw new Error(u.error.message);
    return { id: String(p.id), account: String(p.account), name: String(p.name), mobile: String(p.mobile), welinkUserId: u.value.userId };
  });
  const s = createUser(sandbox.sb, { userNameCn: "陌生人", mobileNumber: "+86-19900000001", userEmail: "nobody@elsewhere.example", mainDeptCode: top.value.deptCode });
  if (!s.ok) throw new Error(s.error.message);
  return {
    h, sandbox, corpId, appKey: app.appKey as string, topDeptCode: top.value.deptCode, cast, stranger: s.value.userId, refreshed,
    stop() {
      sandbox.stop();
      h.close();
    },
  };
}

/** What the phone does: open the app as this WeLink person; the fresh free-login code. */
export async function phoneCode(w: FlowWorld, welinkUserId: string): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: welinkUserId, url: "http://bridge.test/h/" + w.appKey }) });
  return ((await res.json()) as { code: string }).code;
}

/** The homepage as this WeLink person (a new browser unless given), the code posted by its script. */
export async function enterAs(w: FlowWorld, welinkUserId: string, client = new EntryClient(w.h.app)): Promise<Response> {
  const page = await (await client.get(`/h/${w.appKey}`)).text();
  return client.post(`/h/${w.appKey}/code`, { nonce: inputValue(page, "nonce") ?? "", code: await phoneCode(w, welinkUserId), error: "" });
}

export async function setRule(w: FlowWorld, rule: { enabled: boolean; fields?: string[]; combine?: "and" | "or" }): Promise<void> {
  await json(await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { bindingRule: { fields: ["mobile"], combine: "or", ...rule } } }));
}

export async function bindingOf(w: FlowWorld, welinkUserId: string): Promise<{ oaUserId: string; method: string } | undefined> {
  const body = (await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/bindings?limit=500`, T))) as { items: { welinkUserId: string; oaUserId: string; method: string }[] };
  const b = body.items.find((x) => x.welinkUserId === welinkUserId);
  return b && { oaUserId: b.oaUserId, method: b.method };
}

export async function lastLog(w: FlowWorld): Promise<Record<string, unknown>> {
  const res = await w.h.call("GET", "/api/v1/login-log?limit=1", T);
  return ((await res.json()) as { items: Record<string, unknown>[] }).items[0] ?? {};
}

/** A dry run OA → WeLink under the top department: the stored plan's counts. */
export async function simulate(w: FlowWorld): Promise<{ run: Record<string, unknown>; counts: Record<string, number> }> {
  // The top department must be one of the mirror's: WeLink is pulled first, as an admin would.
  expect(await json(await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T))).toMatchObject({ status: "ok" });
  await json(await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body: { topDeptCode: w.topDeptCode, addNewPeople: true } }));
  const run = await json(await w.h.call("POST", `/api/v1/corps/${w.corpId}/push?dryRun=true&wait=true`, T));
  const plan = await json(await w.h.call("GET", `/api/v1/sync-runs/${run.id as string}/plan?limit=1`, T));
  return { run, counts: plan.counts as Record<string, number> };
}

export async function oaCount(w: FlowWorld, sql: string): Promise<number> {
  return Number((await w.h.deps.database.client.execute(sql)).rows[0]?.[0]);
}
