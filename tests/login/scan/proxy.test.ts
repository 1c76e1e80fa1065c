import { afterAll, beforeAll, expect, test } from "bun:test";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, TENANT, type World } from "../entry/support.ts";
import { enableDemoScanLogin } from "../../../src/cli/demo-handoff.ts";

/*
 * Issue 19, finding 2: behind a trusted proxy the caller writes the leftmost X-Forwarded-For
 * value itself. The client address is the hop the proxy saw (the rightmost untrusted one), so a
 * forged value neither passes the trusted networks nor escapes the mint budget. Over a real
 * socket (127.0.0.1, the proxy) with TRUST_PROXY=true: one hop.
 */

let w: World;
let oaOrigin: string;

beforeAll(async () => {
  w = await startWorld({ serve: true, env: { TRUST_PROXY: "true" } });
  oaOrigin = new URL(w.oa.url).origin;
  await enableDemoScanLogin(w.h.deps, w.oa);
});
afterAll(() => w?.stop());

const mint = (forwardedFor: string) =>
  fetch(`${w.bridgeUrl}/scan/tickets`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: oaOrigin, "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ tenant: TENANT }),
  });
const codeOf = async (r: Response) => ((await r.json()) as { code?: string }).code;

test("a forged leftmost X-Forwarded-For inside the trusted networks does not let an outside caller in", async () => {
  // The proxy appends the address it saw (203.0.113.7, outside) to what the caller sent.
  const forged = await mint("10.0.0.5, 203.0.113.7");
  expect(forged.status).toBe(403);
  expect(await codeOf(forged)).toBe("NETWORK_NOT_ALLOWED");
  // The right hop is used: an inside caller who writes an outside address is still inside.
  expect((await mint("203.0.113.8, 10.0.0.6")).status).toBe(201);
});

test("rotating a forged leftmost value does not escape the mint budget of the real address", async () => {
  const statuses: number[] = [];
  for (let i = 1; i <= 12; i++) statuses.push((await mint(`10.77.0.${i}, 10.0.0.9`)).status);
  expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
  // Another real address has its own budget.
  expect((await mint("10.77.0.1, 10.0.0.10")).status).toBe(201);
});
