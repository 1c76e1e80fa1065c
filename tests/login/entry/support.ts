// The harness first: it loads @hono/zod-openapi before feature modules build their zod schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import type { Server } from "bun";
import type { App } from "../../../src/app.ts";
import type { Clock } from "../../../src/kernel/clock.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { startDemoOa, type RunningDemoOa } from "../../../src/sandbox/oa/server.ts";
import { generateOrg } from "../../../src/sandbox/welink/generate.ts";

/**
 * The whole entry world on loopback: the WeLink sandbox and the demo OA generated from the same
 * seed (so OA people are WeLink people), the bridge with a corp and an app made through its API,
 * the demo OA as the tenant's OA connection and portal, and the OA directory read once.
 */
export const ORG = { seed: 7, users: 40, depts: 6 };
export const TENANT = "default";

export type World = {
  h: Harness;
  sandbox: RunningSandbox;
  oa: RunningDemoOa;
  /** The bridge as the browser reaches it ("" when only called in-process). */
  bridgeUrl: string;
  corpId: string;
  appId: string;
  appKey: string;
  homepage: string;
  /** Active OA people who are WeLink people, with a mobile: the cast of the tests. */
  people: OaPerson[];
  /** Served worlds: drops every connection and serves `app` (a restarted bridge) on the same port. */
  restartBridge(app: App): void;
  stop(): void;
};

export type WorldOptions = { clock?: Clock; serve?: boolean; env?: Record<string, string>; peerIp?: () => string | undefined };

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Serves a handler set later (the bridge's public URL must be known before its app is built). */
function lateServer(peerIp?: () => string | undefined) {
  let handler: App | undefined;
  // The socket's address, unless the test plays another client address (the rate limit and trusted networks key on it).
  const as = (srv: Server<undefined>): Pick<Server<undefined>, "requestIP" | "timeout"> => ({
    requestIP: (req) => {
      const ip = peerIp?.();
      return ip ? { address: ip, family: ip.includes(":") ? "IPv6" : "IPv4", port: 0 } : srv.requestIP(req);
    },
    timeout: (req, s) => srv.timeout(req, s),
  });
  const listen = (port: number) =>
    Bun.serve({ hostname: "127.0.0.1", port, fetch: (req, srv) => (handler ? handler.fetch(req, { server: as(srv) }) : new Response("starting", { status: 503 })) });
  let server = listen(0);
  const port = server.port as number;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (app: App) => void (handler = app),
    stop: () => server.stop(true),
    /** A restart: every connection drops, then `app` answers on the same port. */
    restart(app: App) {
      server.stop(true);
      handler = app;
      server = listen(port);
    },
  };
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const sandbox = startSandbox();
  generateOrg(sandbox.sb.org, ORG);
  const oa = startDemoOa(ORG);
  const served = o.serve ? lateServer(o.peerIp) : undefined;
  const h = await startHarness({
    ...(o.clock ? { clock: o.clock } : {}),
    env: {
      WELINK_BASE_URL: sandbox.baseUrl,
      WELINK_LOGIN_URL: sandbox.baseUrl,
      WELINK_JSAPI_URL: `${sandbox.baseUrl}/hwh5.js`,
      BRIDGE_PUBLIC_URL: served?.url ?? "http://bridge.test",
      LOG_LEVEL: "warn",
      ...o.env,
    },
  });
  served?.set(h.app);
  const call = (method: string, path: string, body?: unknown) => h.call(method, path, { tenant: TENANT, body }).then(json);
  const corp = await call("POST", "/api/v1/corps", { name: "示例企业", welinkTenantId: sandbox.sb.settings.tenantId, apiBaseUrl: sandbox.baseUrl });
  const app = await call("POST", `/api/v1/corps/${corp.id as string}/apps`, { name: "OA 门户", clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret });
  await call("PUT", "/api/v1/oa/connection", { type: "demo", settings: { baseUrl: oa.url }, secrets: { token: oa.token } });
  await call("PUT", "/api/v1/oa/portal", { webBaseUrl: oa.url });
  await call("POST", "/api/v1/oa/refresh");
  if (served) oa.connectBridge({ url: served.url, token: await h.tenantToken(TENANT, ["oa"]), audience: `oa:${TENANT}` });
  const people = oa.org.users.filter((p) => p.status === "active" && p.welinkUserId && p.mobile);
  return {
    h,
    sandbox,
    oa,
    bridgeUrl: served?.url ?? "",
    corpId: corp.id as string,
    appId: app.id as string,
    appKey: app.appKey as string,
    homepage: app.homepageUrl as string,
    people,
    restartBridge: (next) => served?.restart(next),
    stop() {
      served?.stop();
      oa.stop();
      sandbox.stop();
      h.close();
    },
  };
}

/** A browser stand-in for in-process tests: keeps cookies (by name), posts forms, never follows redirects. */
export class EntryClient {
  readonly jar = new Map<string, string>();
  constructor(
    private readonly app: App,
    readonly userAgent = "Mozilla/5.0 (iPhone) HuaWei-AnyOffice/1.0 WeLink/7.40 test",
  ) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      if (attrs.some((a) => /max-age=0\b/i.test(a.trim())) || pair.slice(eq + 1) === "") this.jar.delete(name);
      else this.jar.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  private headers(extra: Record<string, string> = {}) {
    return { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "), "user-agent": this.userAgent, ...extra };
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.app.request(path, { headers: this.headers() }));
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams(fields);
    return this.remember(await this.app.request(path, { method: "POST", body, headers: this.headers({ "content-type": "application/x-www-form-urlencoded" }) }));
  }
}

/** The value of a hidden or text input in a page. */
export const inputValue = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

/** The payload of a handoff URL's token (not verified: the tests only read where it points). */
export function handoffClaims(url: string): Record<string, unknown> {
  const token = new URL(url).searchParams.get("token") ?? "";
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The id of the world's tenant. */
export async function tenantIdOf(w: World): Promise<string> {
  return ((await (await w.h.call("GET", `/api/v1/tenants/${TENANT}`)).json()) as { id: string }).id;
}

/** What the phone does: open the app as this person; returns the fresh free-login code. */
export async function phoneCode(w: World, p: OaPerson): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: p.welinkUserId, url: w.homepage }) });
  return ((await res.json()) as { code: string }).code;
}

/** The homepage, then the code posted by its script (with any extra form fields). */
export async function enter(w: World, client: EntryClient, code: string, fields: Record<string, string> = {}): Promise<Response> {
  const page = await (await client.get(`/h/${w.appKey}`)).text();
  return client.post(`/h/${w.appKey}/code`, { nonce: inputValue(page, "nonce") ?? "", code, error: "", ...fields });
}

/** The newest login-log entry of the world's tenant (through the API). */
export async function lastLog(w: World, filter = ""): Promise<Record<string, unknown>> {
  const res = await w.h.call("GET", `/api/v1/login-log?limit=1${filter}`, { tenant: TENANT });
  return ((await res.json()) as { items: Record<string, unknown>[] }).items[0] ?? {};
}

/** The stop code a page shows (its `data-code`). */
export const codeOnPage = async (res: Response) => /data-code="(\w+)"/.exec(await res.text())?.[1];
