import { generateDemoOaOrg } from "../../../src/sandbox/oa/generate.ts";
import { createDemoOaApp } from "../../../src/sandbox/oa/server.ts";
import { createDemoOaState } from "../../../src/sandbox/oa/state.ts";

export const TOKEN = "oa-test-token-0123456789";

/** The demo OA in process (no port): `request` as a browser or as the bridge would call it. */
export function demoOa(options: { seed?: number; users?: number; depts?: number } = {}) {
  const { org } = generateDemoOaOrg({ seed: options.seed ?? 5, users: options.users ?? 250, depts: options.depts ?? 20 });
  const state = createDemoOaState(org, TOKEN);
  const app = createDemoOaApp(state);
  const api = async (method: string, path: string, init: { token?: string | null; body?: unknown } = {}) => {
    const token = init.token === undefined ? TOKEN : init.token;
    const res = await app.request(path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(init.body !== undefined ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { org, state, app, api };
}
