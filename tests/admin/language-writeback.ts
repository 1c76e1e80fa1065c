import type { World } from "../login/entry/support.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { deleteUser } from "../../src/sandbox/welink/user-ops.ts";
import { welinkPerson } from "../sync/to-oa/support.ts";
import { welinkDept } from "../sync/to-welink/support.ts";

/**
 * The language world's WeLink → OA corp: its own WeLink enterprise (a second sandbox), written
 * back into the world's demo OA. A simulated plan, a run where the OA refuses two creates (their
 * account is another OA person's login name), and a run a breaker holds (a person closed in
 * WeLink would be disabled in the OA, over a limit of none). Then the OA's directory refresh
 * fails once (the connection pointed at a closed port), so the directory page shows a failure.
 */
export type WritebackCorp = { corpId: string; runs: { id: string; status: string }[]; sandbox: RunningSandbox };

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

async function ok(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startWritebackCorp(w: World, call: Call): Promise<WritebackCorp> {
  const sandbox = startSandbox({ settings: { tenantId: "writeback-tenant" } });
  const { sb } = sandbox;
  const top = welinkDept(sb, "华南分公司");
  const sales = welinkDept(sb, "销售部", top);
  const service = welinkDept(sb, "客服部", top);
  const leaver = welinkPerson(sb, "写回甲", sales);
  welinkPerson(sb, "写回乙", sales);
  welinkPerson(sb, "写回丙", service);
  for (const [i, name] of ["撞号一", "撞号二"].entries()) welinkPerson(sb, name, service, { employeeId: w.oa.org.users[i]!.loginName });

  const corp = await ok(await call("POST", "/api/v1/corps", { name: "写回企业", welinkTenantId: "writeback-tenant", apiBaseUrl: sandbox.baseUrl }));
  const corpId = corp.id as string;
  const app = await ok(await call("POST", `/api/v1/corps/${corpId}/apps`, { name: "通讯录同步", clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret }));
  await ok(await call("PATCH", `/api/v1/corps/${corpId}`, { syncAppId: app.id }));
  await ok(await call("PUT", `/api/v1/corps/${corpId}/push-settings`, { addNewPeople: true }));
  await ok(await call("PUT", `/api/v1/corps/${corpId}/sync-direction`, { direction: "to-oa" }));

  const runs: WritebackCorp["runs"] = [];
  const run = async (query: string) => {
    const r = await ok(await call("POST", `/api/v1/corps/${corpId}/writeback?wait=true${query}`));
    runs.push({ id: r.id as string, status: r.status as string });
  };
  await run("&dryRun=true");
  await run("");
  await ok(await call("PUT", `/api/v1/corps/${corpId}/push-settings`, { addNewPeople: true, breaker: { usersMax: 0, usersPct: 10, deptsMax: 5, deptsPct: 10 } }));
  deleteUser(sb, { userId: leaver, isDeleteUser: 0 });
  await ok(await call("POST", `/api/v1/corps/${corpId}/pull?wait=true`));
  await run("");

  // The OA out of reach for one refresh; the connection is then put back as it was.
  const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null) });
  const closed = `http://127.0.0.1:${dead.port}`;
  dead.stop(true);
  await ok(await call("PUT", "/api/v1/oa/connection", { type: "demo", settings: { baseUrl: closed }, secrets: { token: w.oa.token } }));
  const refused = await call("POST", "/api/v1/oa/refresh");
  if (refused.status !== 502) throw new Error(`the refresh of a closed port answered ${refused.status}`);
  await ok(await call("PUT", "/api/v1/oa/connection", { type: "demo", settings: { baseUrl: w.oa.url }, secrets: { token: w.oa.token } }));
  return { corpId, runs, sandbox };
}
