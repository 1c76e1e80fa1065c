import { Hono } from "hono";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { startSession } from "../../../src/login/session/session.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";

export const TENANT = "default";
export const SERVICE = "https://oa.example.com/cas/";

/**
 * The real app with a tenant that has a WeLink corp, an OA person and a registered CAS service;
 * a session is started by the real session core from a tiny route (the sign-in page is another
 * engineer's), and its cookie is handed to the real CAS endpoints.
 */
export async function casWorld(o: { slo?: string; publicUrl?: string } = {}) {
  let now = Date.parse("2026-12-05T08:00:00Z");
  const h: Harness = await startHarness({ clock: { now: () => now }, ...(o.publicUrl && { env: { BRIDGE_PUBLIC_URL: o.publicUrl } }) });
  const tenant = (await findTenantBySlug(h.deps.db, TENANT))!;
  const corp = (await (await h.call("POST", "/api/v1/corps", { tenant: TENANT, body: { name: "Acme总部", welinkTenantId: "wl-acme" } })).json()) as { id: string };
  await h.deps.database.client.execute({
    sql: "INSERT INTO oa_users (tenant_id, id, account, name, mobile, email, employee_no) VALUES (?, 'oa-7', 'zhang.san', '张三 <&>', '13800000007', 'zhang@example.com', 'E007')",
    args: [tenant.id],
  });
  const created = await h.call("POST", "/api/v1/sso/cas/services", {
    tenant: TENANT,
    body: { name: "OA", urlPrefix: o.slo ?? SERVICE, attributes: ["name", "email", "employeeId", "welinkUserId", "welinkCorp", "mobile"] },
  });
  const service = (await created.json()) as { id: string };

  const starter = new Hono();
  starter.get("/t/default/start", async (c) => {
    await startSession(h.deps, c, { tenantId: tenant.id, tenantSlug: TENANT, corpId: corp.id, appId: null, welinkUserId: "wl-user-7", oaUserId: "oa-7", channel: "scan" });
    return c.text("ok");
  });
  /** A new WeLink proof in this browser (replacing its session); the cookie to send. */
  const signIn = async (cookie?: string) => (await starter.request("/t/default/start", { headers: cookie ? { cookie } : {} })).headers.get("set-cookie")!.split(";")[0]!;
  const get = (path: string, cookie?: string) => h.app.request(path, { headers: cookie ? { cookie } : {} });
  const login = (query: Record<string, string>, cookie?: string) => get(`/t/${TENANT}/cas/login?${new URLSearchParams(query)}`, cookie);
  const ticketOf = (res: Response) => new URL(res.headers.get("location")!).searchParams.get("ticket")!;
  const validate = (path: string, query: Record<string, string>) => get(`/t/${TENANT}/cas/${path}?${new URLSearchParams(query)}`);
  return { h, tenant, corp, service, signIn, get, login, ticketOf, validate, tick: (ms: number) => void (now += ms), now: () => now };
}
export type CasWorld = Awaited<ReturnType<typeof casWorld>>;

/** A CAS client's back channel on loopback: records each POST (path, form's logoutRequest, content type); `stop` when done. */
export function backChannel() {
  const posts: { path: string; logoutRequest: string | null; type: string | null }[] = [];
  const listener = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      const form = new URLSearchParams(await req.text());
      posts.push({ path: new URL(req.url).pathname, logoutRequest: form.get("logoutRequest"), type: req.headers.get("content-type") });
      return new Response("ok");
    },
  });
  return { posts, prefix: `http://127.0.0.1:${listener.port}/app/`, stop: () => listener.stop(true) };
}
