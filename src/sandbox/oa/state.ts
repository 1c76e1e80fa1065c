import { createRemoteJWKSet } from "jose";
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
};

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
