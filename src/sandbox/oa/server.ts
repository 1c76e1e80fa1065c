import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { apiRoutes } from "./api.ts";
import { generateDemoOaOrg } from "./generate.ts";
import type { DemoOaOrg } from "./model.ts";
import { signOnRoutes } from "./sign-on.ts";
import { ssoRoutes } from "./sso.tsx";
import { casRoutes } from "./sso-cas.ts";
import { discoverOidc, oidcRoutes } from "./sso-oidc.ts";
import { type BridgeLink, connectBridge, createDemoOaState, type DemoOaState } from "./state.ts";
import { webRoutes } from "./web.tsx";

/** The demo OA's HTTP app: its pages (/login, /, /logout, modules), the bridge's SSO entry and its API (/api/…). No I/O. */
export function createDemoOaApp(state: DemoOaState) {
  const app = new Hono();
  app.route("/", apiRoutes(state));
  app.route("/", webRoutes(state));
  app.route("/", ssoRoutes(state));
  app.route("/", signOnRoutes(state));
  app.route("/", casRoutes(state));
  app.route("/", oidcRoutes(state));
  app.notFound((c) =>
    c.req.path.startsWith("/api/") ? c.json({ code: 404, message: `no such API: ${c.req.method} ${c.req.path}` }, 404) : c.text("Not Found", 404),
  );
  return app;
}

export type DemoOaOptions = {
  seed: number;
  users: number;
  depts: number;
  /** 0 (the default): a port the system picks. */
  port?: number;
  hostname?: string;
  /** The API token; a random one when not given. */
  token?: string;
  /** The bridge whose handoffs /sso/welink-bridge accepts; also settable later with `connectBridge`. */
  bridge?: BridgeLink;
};

export type RunningDemoOa = {
  url: string;
  token: string;
  org: DemoOaOrg;
  state: DemoOaState;
  /** Points the SSO endpoint at a bridge (URL, an `oa`-scoped token, the audience). */
  connectBridge(link: BridgeLink): void;
  /** Signed-out pages go to the bridge as CAS server (its base, `…/t/{tenant}/cas`); the OA's form stays at /login. */
  useCas(casBase: string): void;
  /** Signed-out pages go to the bridge as OIDC provider, this OA a confidential client of it. */
  useOidc(client: { issuer: string; clientId: string; clientSecret: string }): Promise<void>;
  /** Back to the OA's own form (and the bridge's handoff). */
  usePassword(): void;
  stop(): void;
};

/** Generates the organisation for the seed and serves the demo OA on loopback. */
export function startDemoOa(options: DemoOaOptions): RunningDemoOa {
  const { org } = generateDemoOaOrg({ seed: options.seed, users: options.users, depts: options.depts });
  const token = options.token ?? `oa_${randomBytes(18).toString("base64url")}`;
  const state = createDemoOaState(org, token, options.bridge);
  const app = createDemoOaApp(state);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = Bun.serve({ hostname, port: options.port ?? 0, fetch: (req) => app.fetch(req) });
  return {
    url: `http://${hostname}:${server.port}`,
    token,
    org,
    state,
    connectBridge: (link) => connectBridge(state, link),
    useCas: (casBase) => void (state.signOn = { kind: "cas", casBase: casBase.replace(/\/+$/, "") }),
    useOidc: async (c) => void (state.signOn = { kind: "oidc", config: await discoverOidc(c.issuer, c.clientId, c.clientSecret) }),
    usePassword: () => void (state.signOn = { kind: "password" }),
    stop: () => void server.stop(true),
  };
}
