// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { ORG, startWorld, TENANT, type World } from "../entry/support.ts";
import type { Browser, Page } from "playwright-core";
import { enableScan } from "../scan/phone-support.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { startDemoOa, type RunningDemoOa } from "../../../src/sandbox/oa/server.ts";

/**
 * The SSO world of the demo: the entry world (sandbox, bridge served on loopback, the demo OA)
 * with the tenant's sign-in method set, scan login on, two people bound, and a **second** demo
 * OA — a second CAS service or OIDC client of the same bridge — both OAs configured the way an
 * admin would (the API), signing in through the bridge.
 */
export type SsoWorld = World & { oa2: RunningDemoOa; base: string };

async function call(w: World, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await w.h.call(method, path, { tenant: TENANT, body });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function connect(w: World, oa: RunningDemoOa, method: "cas" | "oidc", name: string): Promise<void> {
  const base = `${w.bridgeUrl}/t/${TENANT}`;
  if (method === "cas") {
    await call(w, "POST", "/api/v1/sso/cas/services", { name, urlPrefix: `${oa.url}/`, attributes: ["name", "mobile", "welinkUserId"] });
    oa.useCas(`${base}/cas`);
    return;
  }
  const client = await call(w, "POST", "/api/v1/sso/oidc/clients", { name, type: "confidential", redirectUris: [`${oa.url}/sso/oidc/callback`], postLogoutUris: [`${oa.url}/login`] });
  await oa.useOidc({ issuer: client.issuer as string, clientId: client.clientId as string, clientSecret: client.clientSecret as string });
}

export async function startSsoWorld(method: "cas" | "oidc"): Promise<SsoWorld> {
  // Wall time: the OAs and openid-client check ticket and token lifetimes against their own clocks.
  const w = await startWorld({ serve: true, clock: systemClock });
  const tenant = (await call(w, "GET", "/api/v1/tenants/default")) as { id: string };
  for (const p of w.people.slice(0, 2)) {
    await createBinding(w.h.deps, systemCtx(), { tenantId: tenant.id, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  }
  await enableScan(w);
  await call(w, "PUT", "/api/v1/sso/settings", { method });
  const oa2 = startDemoOa(ORG);
  await connect(w, w.oa, method, "示例 OA");
  await connect(w, oa2, method, "示例 OA 二号");
  const stop = w.stop;
  return { ...w, oa2, base: `${w.bridgeUrl}/t/${TENANT}`, stop: () => (oa2.stop(), stop()) };
}

export const signedInAs = (p: OaPerson) => `signed in as ${p.name} (${p.loginName})`;
export const landedText = (page: Page) => page.locator("p.signed-in").textContent({ timeout: 15_000 });

/** A fresh browser profile per device: a PC (desktop size) or a phone. */
export async function newDevice(browser: Browser, kind: "pc" | "phone"): Promise<Page> {
  const viewport = kind === "pc" ? { width: 1280, height: 800 } : { width: 390, height: 844 };
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  return context.newPage();
}

/** The phone opens `url` in the world's WeLink app as this person (the sandbox hands back what the client would load). */
export async function openInWelink(w: World, p: OaPerson, url: string): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: p.welinkUserId, url }) });
  if (!res.ok) throw new Error(`open-app: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/**
 * The PC way in: `pc` opens `oaPage` signed out; the OA sends it to the bridge's sign-in page,
 * whose QR code the phone scans in WeLink (the sandbox) and approves; `pc` then lands back on
 * the OA. Resolves when the PC shows who is signed in.
 */
export async function signInByScan(w: World, browser: Browser, pc: Page, p: OaPerson, oaPage: string): Promise<string> {
  const minted = pc.waitForResponse((r) => r.url() === `${w.bridgeUrl}/scan/tickets` && r.request().method() === "POST");
  await pc.goto(oaPage);
  const { qrUrl } = (await (await minted).json()) as { qrUrl: string };
  if (!pc.url().startsWith(`${w.bridgeUrl}/t/${TENANT}/signin`)) throw new Error(`not the bridge's sign-in page: ${pc.url()}`);
  const scan = await fetch(`${w.sandbox.baseUrl}/_sandbox/scan`, { method: "POST", body: JSON.stringify({ userId: p.welinkUserId, url: qrUrl }) });
  if (!scan.ok) throw new Error(`scan: ${scan.status} ${await scan.text()}`);
  const phone = await newDevice(browser, "phone");
  await phone.goto(((await scan.json()) as { url: string }).url);
  await phone.locator("button[data-action=approve]").click({ timeout: 15_000 });
  await phone.context().close();
  return (await landedText(pc)) ?? "";
}
