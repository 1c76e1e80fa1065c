import { createSandbox, registerApp, type Sandbox, type SandboxOptions } from "../../src/sandbox/welink/sandbox.ts";
import { createSandboxApp } from "../../src/sandbox/welink/server.ts";
import type { App } from "../../src/sandbox/welink/model.ts";

export type RunningSandbox = { sb: Sandbox; app: App; baseUrl: string; stop(): void };

/** The WeLink sandbox served over real HTTP on loopback (port chosen by the OS), with one app. */
export function startSandbox(options: SandboxOptions = {}): RunningSandbox {
  const sb = createSandbox(options);
  const app = registerApp(sb, { clientId: "test-client", clientSecret: "test-secret-0123456789" });
  const http = createSandboxApp(sb);
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req, srv) => http.fetch(req, { server: srv }) });
  return { sb, app, baseUrl: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}
