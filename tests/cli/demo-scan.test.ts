import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, type World } from "../login/entry/support.ts";
import { DESKTOP_UA, enableScan } from "../login/scan/phone-support.ts";
import { createApp } from "../../src/app.ts";

/* The QR's URL in words is the demo's alone: a bridge built as `serve` builds it never offers it. */
let w: World;
beforeAll(async () => {
  w = await startWorld({ env: { TRUST_PROXY: "true" } });
  await enableScan(w);
});
afterAll(() => w.stop());

async function mintWith(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, ip: string) {
  const res = await app.request("/scan/tickets", {
    method: "POST",
    body: JSON.stringify({ tenant: "default" }),
    headers: { "content-type": "application/json", origin: new URL(w.h.config.publicUrl).origin, "x-forwarded-for": ip, "user-agent": DESKTOP_UA },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as { qrUrl: string; showQrUrl?: boolean };
}

describe("the scan-login QR's URL shown on the page", () => {
  test("is not offered by the bridge as serve builds it", async () => {
    const m = await mintWith(w.h.app, "127.0.9.1");
    expect(m.qrUrl).toContain("/scan/t/");
    expect(m.showQrUrl).toBeUndefined();
  });

  test("is offered when the deps say demo (as `welink-bridge demo` builds them)", async () => {
    const m = await mintWith(createApp({ ...w.h.deps, demo: true }), "127.0.9.2");
    expect(m.showQrUrl).toBe(true);
  });
});
