import type { OaConnector } from "./connector.ts";
import { createHttpConnector } from "./http-adapter.ts";
import type { HttpOaSettings } from "./http-settings.ts";

export type DemoOaSettings = { baseUrl: string };
export type DemoOaSecrets = { token?: string };

// Placeholder: the http adapter's settings for the demo OA's API (to be written with the demo OA).
export function demoHttpSettings(baseUrl: string): HttpOaSettings {
  return {
    baseUrl,
    auth: { type: "bearer" },
    timeoutMs: 10_000,
    paging: { style: "page", pageParam: "page", sizeParam: "size", firstPage: 1, size: 200 },
    departments: { path: "/api/org/departments", query: {}, itemsPath: "data.items", fields: { id: "id", parentId: "parentId", name: "name", order: "sort" } },
    users: { path: "/api/org/users", query: {}, itemsPath: "data.items", fields: { id: "id", account: "loginName", name: "name" } },
  };
}

/** The demo OA is an http OA with known settings: only its address and token vary. */
export function createDemoConnector(settings: DemoOaSettings, secrets: DemoOaSecrets): OaConnector {
  return createHttpConnector(demoHttpSettings(settings.baseUrl), { token: secrets.token });
}
