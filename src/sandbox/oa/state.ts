import { createRemoteJWKSet } from "jose";
import type { Configuration } from "openid-client";
import type { DemoOaOrg, OaOrgDept, OaPerson } from "./model.ts";

/** How the demo OA accepts the bridge's handoffs: the bridge's URL, an `oa`-scoped token to redeem with, the audience to expect. */
export type BridgeLink = { url: string; token: string; audience?: string };
export type SsoLink = { bridgeUrl: string; token: string; audience: string; jwks: ReturnType<typeof createRemoteJWKSet> };

/** One running demo OA: its organisation, its API token, its indexes and its signed-in browsers. */
export type DemoOaState = {
  org: DemoOaOrg;
  token: string;
  byLogin: Map<string, OaPerson>;
  byId: Map<string, OaPerson>;
  deptById: Map<string, OaOrgDept>;
  /** Session id (the cookie) → person id. In memory: a restart signs everyone out, as a demo may. */
  sessions: Map<string, string>;
  /** The bridge this OA takes handoffs from; null until connected (the SSO endpoint then says so). */
  sso: SsoLink | null;
  /** How a signed-out browser signs in: the OA's own form (and the bridge's handoff), or the bridge as CAS server / OIDC provider. */
  signOn: SignOn;
  /** CAS: the service ticket a session was started with → the session, so the bridge's single logout can end it. */
  casTickets: Map<string, string>;
  /** OIDC: a browser's pending authorization (its cookie) → what the callback checks; and a session's id_token for logout. */
  oidcPending: Map<string, OidcPending>;
  idTokens: Map<string, string>;
  /**
   * Writes the API carried out (a repeated idempotency key is not one), each key's first answer,
   * how many times each key was sent (a resumed run sends an interrupted write again), and a log of
   * the real writes (key, method and path) — what tests count to prove each write happened once.
   */
  writes: { count: number; byKey: Map<string, { status: 200 | 201; body: unknown }>; sent: Map<string, number>; log: WriteLogEntry[] };
};

export type WriteLogEntry = { key: string; method: string; path: string };

/** `password`: today's OA (its form, scan login and the bridge's handoff). `cas` / `oidc`: signed-out pages go to the bridge. */
export type SignOn = { kind: "password" } | { kind: "cas"; casBase: string } | { kind: "oidc"; config: Configuration };
export type OidcPending = { state: string; nonce: string; verifier: string; next: string; expires: number };

/** Points the OA's SSO endpoint at a bridge (the demo connects it once the bridge serves). */
export function connectBridge(state: DemoOaState, link: BridgeLink): void {
  const bridgeUrl = link.url.replace(/\/+$/, "");
  const jwks = createRemoteJWKSet(new URL(`${bridgeUrl}/.well-known/jwks.json`));
  // The bridge names the tenant in the audience; the demo OA serves tenant `default`.
  state.sso = { bridgeUrl, token: link.token, audience: link.audience ?? "oa:default", jwks };
}

export function createDemoOaState(org: DemoOaOrg, token: string, bridge?: BridgeLink): DemoOaState {
  const state: DemoOaState = {
    org,
    token,
    byLogin: new Map(org.users.map((u) => [u.loginName, u])),
    byId: new Map(org.users.map((u) => [u.id, u])),
    deptById: new Map(org.depts.map((d) => [d.id, d])),
    sessions: new Map(),
    sso: null,
    signOn: { kind: "password" },
    casTickets: new Map(),
    oidcPending: new Map(),
    idTokens: new Map(),
    writes: { count: 0, byKey: new Map(), sent: new Map(), log: [] },
  };
  if (bridge) connectBridge(state, bridge);
  return state;
}

/** "研发中心 / 北京研发部 / …": the department and its parents, top first. */
export function deptPath(state: DemoOaState, id: string | null): string {
  const names: string[] = [];
  for (let d = id ? state.deptById.get(id) : undefined; d && names.length < 32; d = d.parentId ? state.deptById.get(d.parentId) : undefined) {
    names.unshift(d.name);
  }
  return names.join(" / ");
}
