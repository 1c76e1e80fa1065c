import type { DemoOaOrg, OaOrgDept, OaPerson } from "./model.ts";

/** One running demo OA: its organisation, its API token, its indexes and its signed-in browsers. */
export type DemoOaState = {
  org: DemoOaOrg;
  token: string;
  byLogin: Map<string, OaPerson>;
  byId: Map<string, OaPerson>;
  deptById: Map<string, OaOrgDept>;
  /** Session id (the cookie) → person id. In memory: a restart signs everyone out, as a demo may. */
  sessions: Map<string, string>;
};

export function createDemoOaState(org: DemoOaOrg, token: string): DemoOaState {
  return {
    org,
    token,
    byLogin: new Map(org.users.map((u) => [u.loginName, u])),
    byId: new Map(org.users.map((u) => [u.id, u])),
    deptById: new Map(org.depts.map((d) => [d.id, d])),
    sessions: new Map(),
  };
}

/** "研发中心 / 北京研发部 / …": the department and its parents, top first. */
export function deptPath(state: DemoOaState, id: string | null): string {
  const names: string[] = [];
  for (let d = id ? state.deptById.get(id) : undefined; d && names.length < 32; d = d.parentId ? state.deptById.get(d.parentId) : undefined) {
    names.unshift(d.name);
  }
  return names.join(" / ");
}
