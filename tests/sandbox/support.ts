import { generateOrg } from "../../src/sandbox/welink/generate.ts";
import type { SandboxOptions } from "../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";

/** A frozen clock the test moves by hand (expiry, lock-outs and rate windows read it). */
export function frozenClock(start = Date.UTC(2024, 0, 1)) {
  const clock = { at: start, now: () => clock.at, advance: (ms: number) => void (clock.at += ms) };
  return clock;
}

/** The sandbox on loopback with a generated organisation. */
export function startWithOrg(org: { seed?: number; users?: number; depts?: number } = {}, options: SandboxOptions = {}): RunningSandbox {
  const running = startSandbox(options);
  generateOrg(running.sb.org, { seed: org.seed ?? 7, users: org.users ?? 300, depts: org.depts ?? 40 });
  return running;
}

export type Answer = { status: number; body: Record<string, any> };

/** One raw HTTP call, as a WeLink client makes it (token in x-wlk-Authorization, JSON bodies). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; query?: Record<string, string | number> } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...(options.token ? { "x-wlk-Authorization": options.token } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

export async function appToken(s: RunningSandbox, clientId = s.app.clientId, clientSecret = s.app.clientSecret): Promise<string> {
  const r = await call(s.baseUrl, "POST", "/api/auth/v2/tickets", { body: { client_id: clientId, client_secret: clientSecret } });
  if (r.body.code !== "0") throw new Error(`no token: ${JSON.stringify(r.body)}`);
  return r.body.access_token as string;
}

/** A GET on the Open API with a token. */
export const get = (s: RunningSandbox, token: string, path: string, query: Record<string, string | number> = {}) => call(s.baseUrl, "GET", path, { token, query });
export const post = (s: RunningSandbox, token: string, path: string, body: unknown) => call(s.baseUrl, "POST", path, { token, body });
