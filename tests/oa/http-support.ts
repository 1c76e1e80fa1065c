import { LOCAL_NET } from "../../src/kernel/net-policy.ts";
import { afterEach } from "bun:test";
import type { OaConnector } from "../../src/oa/contract.ts";
import { createHttpConnector, type HttpConnectorOptions } from "../../src/oa/http/connector.ts";
import { HttpOaSecrets, HttpOaSettings } from "../../src/oa/http/settings.ts";

/** One request a fixture OA received. */
export type Seen = { method: string; path: string; query: Record<string, string>; headers: Headers; body: string };

export type FixtureOa = { baseUrl: string; port: number; seen: Seen[]; stop(): void };

const running: FixtureOa[] = [];
afterEach(() => {
  for (const oa of running.splice(0)) oa.stop();
});

/** A real OA over HTTP on a free local port, answering with `route`; stopped after each test. */
export function fixtureOa(route: (seen: Seen, url: URL) => Response | Promise<Response>): FixtureOa {
  const seen: Seen[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const s: Seen = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: await req.text() };
      seen.push(s);
      return route(s, url);
    },
  });
  const oa = { baseUrl: `http://127.0.0.1:${server.port}`, port: server.port ?? 0, seen, stop: () => void server.stop(true) };
  running.push(oa);
  return oa;
}

export const json = (body: unknown, status = 200) => Response.json(body, { status });

/** Settings as the API would store them: the input parsed, defaults applied. */
export function settingsOf(input: Record<string, unknown>): HttpOaSettings {
  return HttpOaSettings.parse(input);
}

/** Minimal settings for a fixture OA: departments at /depts, users at /users, items at data.items. */
export function baseSettings(baseUrl: string, extra: Record<string, unknown> = {}): HttpOaSettings {
  return settingsOf({
    baseUrl,
    departments: { path: "/depts", itemsPath: "data.items", fields: { id: "id", parentId: "parentId", name: "name", order: "order" } },
    users: { path: "/users", itemsPath: "data.items", fields: { id: "id", account: "account", name: "name" } },
    ...extra,
  });
}

export function connect(settings: HttpOaSettings, secrets: Record<string, string> = {}, options: Partial<HttpConnectorOptions> = {}): OaConnector {
  return createHttpConnector(settings, HttpOaSecrets.parse(secrets), { net: LOCAL_NET, ...options });
}

export async function all<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    items.push(...page);
  }
  return { items, sizes };
}

/** The AppError a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; status: number; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; status: number; retryable: boolean };
  }
  throw new Error("expected a failure, but it succeeded");
}

export const depts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, parentId: i === 0 ? null : 1, name: `部门${i + 1}`, order: i }));
