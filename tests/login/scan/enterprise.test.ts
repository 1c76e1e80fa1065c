import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { inputValue, startWorld, TENANT, tenantIdOf, type World } from "../entry/support.ts";
import { browserState, enableScan, mint, phoneClient } from "./phone-support.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import { generateOrg } from "../../../src/sandbox/welink/generate.ts";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";

/*
 * One tenant, two integrated WeLink enterprises (two sandboxes, each its own enterprise and app):
 * the phone asks which enterprise, gets the free-login code with that enterprise's app, and the
 * ticket binds and approves in that corp.
 */
const clock = frozenClock(Date.now());
let w: World;
let second: RunningSandbox;
let corp2: string;
let app2: string;
let userId2: string;
const SECOND_CLIENT = "second-client";

async function call(method: string, path: string, body?: unknown) {
  const res = await w.h.call(method, path, { tenant: TENANT, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { apps?: { corpId: string; appId: string }[]; errors?: { path: string }[] } };
}

beforeAll(async () => {
  w = await startWorld({ clock, env: { TRUST_PROXY: "true" } });
  second = startSandbox({ settings: { tenantId: "second-enterprise" } });
  generateOrg(second.sb.org, { seed: 11, users: 6, depts: 2 });
  registerApp(second.sb, { clientId: SECOND_CLIENT, clientSecret: "second-secret-0123456789" });
  const corp = await call("POST", "/api/v1/corps", { name: "第二企业", welinkTenantId: "second-enterprise", apiBaseUrl: second.baseUrl });
  corp2 = corp.body.id as string;
  app2 = (await call("POST", `/api/v1/corps/${corp2}/apps`, { name: "第二门户", clientId: SECOND_CLIENT, clientSecret: "second-secret-0123456789" })).body.id as string;
  userId2 = [...second.sb.org.users.keys()][0]!;
  // Bound in the second corp only: the first enterprise has never heard of them.
  await createBinding(w.h.deps, systemCtx(), { tenantId: await tenantIdOf(w), corpId: corp2, welinkUserId: userId2, oaUserId: w.people[5]!.id, method: "admin" });
});
afterAll(() => {
  second?.stop();
  w?.stop();
});

async function codeIn(sandbox: RunningSandbox, clientId: string, userId: string): Promise<string> {
  const res = await fetch(`${sandbox.baseUrl}/_sandbox/codes`, { method: "POST", body: JSON.stringify({ clientId, userId }) });
  return ((await res.json()) as { code: string }).code;
}

describe("scan login's app per enterprise (API)", () => {
  test("takes one app per enterprise, the first becoming the default, and refuses an app of another enterprise or a corp twice", async () => {
    const wrong = await call("PUT", "/api/v1/scan-login/settings", { apps: [{ corpId: corp2, appId: w.appId }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors?.map((e) => e.path)).toEqual(["body.apps.0.appId"]);
    const twice = await call("PUT", "/api/v1/scan-login/settings", { apps: [{ corpId: corp2, appId: app2 }, { corpId: corp2, appId: app2 }] });
    expect(twice.body.errors?.map((e) => e.path)).toEqual(["body.apps.1.corpId"]);

    const saved = await call("PUT", "/api/v1/scan-login/settings", { enabled: true, apps: [{ corpId: w.corpId, appId: w.appId }, { corpId: corp2, appId: app2 }] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, appId: w.appId, corpId: w.corpId, apps: [{ corpId: w.corpId, appId: w.appId }, { corpId: corp2, appId: app2 }] });
    // The single appId of before is still honoured, and leaves the other enterprises' apps alone.
    const legacy = await call("PUT", "/api/v1/scan-login/settings", { appId: w.appId });
    expect(legacy.body.apps).toEqual([{ corpId: w.corpId, appId: w.appId }, { corpId: corp2, appId: app2 }]);
    const audit = await call("GET", "/api/v1/audit?action=scan.settings.save");
    expect(JSON.stringify(audit.body)).toContain(app2);
  });
});

describe("choosing the enterprise on the phone", () => {
  test("the phone asks which enterprise, identifies the person with the second enterprise's app, and approves in that corp", async () => {
    await enableScan(w, { apps: [{ corpId: w.corpId, appId: w.appId }, { corpId: corp2, appId: app2 }] });
    const m = await mint(w);
    const phone = phoneClient(w);
    const ask = await (await phone.get(m.path)).text();
    expect(ask).toContain("选择集成企业");
    expect(ask).toContain(`data-corp="${w.corpId}"`);
    expect(ask).toContain(`href="${m.path}?corp=${corp2}"`);
    expect(ask).toContain(">第二企业<");

    const home = await (await phone.get(`${m.path}?corp=${corp2}`)).text();
    expect(home).toContain(`data-client-id="${SECOND_CLIENT}"`);
    expect(inputValue(home, "corp")).toBe(corp2);
    const posted = await phone.post(m.path, { nonce: inputValue(home, "nonce") ?? "", code: await codeIn(second, SECOND_CLIENT, userId2), error: "", corp: corp2 });
    expect(posted.status).toBe(303);
    const confirm = await (await phone.get(m.path)).text();
    expect(confirm).toContain(`data-field="corp">第二企业<`);
    const approved = await phone.post(`${m.path}/approve`, { nonce: inputValue(confirm, "nonce") ?? "" });
    expect(approved.status).toBe(200);
    expect(await browserState(w, m)).toBe("confirmed");
    const log = await call("GET", "/api/v1/login-log?limit=1");
    expect((log.body.items as Record<string, unknown>[])[0]).toMatchObject({ reason: "TICKET_CONFIRMED", corpId: corp2, appId: app2, welinkUserId: userId2, oaUserId: w.people[5]!.id });
  });

  test("a code posted for an enterprise the tenant does not offer is refused, and the ticket stays unscanned", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const home = await (await phone.get(`${m.path}?corp=${corp2}`)).text();
    const posted = await phone.post(m.path, { nonce: inputValue(home, "nonce") ?? "", code: await codeIn(second, SECOND_CLIENT, userId2), error: "", corp: "corp_of_nobody" });
    expect(posted.status).toBe(404);
    expect(await browserState(w, m)).toBe("pending");
  });

  test("an unknown corp in the address asks again; with one enterprise left the phone does not ask", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    expect(await (await phone.get(`${m.path}?corp=nope`)).text()).toContain("选择集成企业");
    await call("PUT", "/api/v1/scan-login/settings", { apps: [{ corpId: w.corpId, appId: w.appId }] });
    const page = await (await phone.get(m.path)).text();
    expect(page).not.toContain("选择集成企业");
    expect(page).toContain(`data-client-id="${w.sandbox.app.clientId}"`);
  });
});

describe("the admin page", () => {
  test("picks an app for each enterprise, in both languages, and saves them", async () => {
    const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    await client.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
    const page = await client.getText("/admin/scan-login");
    expect(page.html).toContain(`name="app.${corp2}"`);
    expect(page.html).toContain("首选企业");
    const saved = await client.post("/admin/scan-login", { enabled: "on", [`app.${w.corpId}`]: w.appId, [`app.${corp2}`]: app2, defaultCorp: corp2, trustedNetworks: "127.0.0.0/8\n::1/128", allowedOrigins: "" });
    expect(saved.status).toBe(303);
    const now = await call("GET", "/api/v1/scan-login/settings");
    expect(now.body).toMatchObject({ appId: app2, corpId: corp2, apps: [{ corpId: corp2, appId: app2 }, { corpId: w.corpId, appId: w.appId }] });
    const wrong = await client.post("/admin/scan-login", { enabled: "on", [`app.${corp2}`]: w.appId, defaultCorp: corp2, trustedNetworks: "127.0.0.0/8", allowedOrigins: "" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('id="f-app.' + corp2 + '-error"');
    await client.getText("/admin/lang/en?back=/admin");
    const en = await client.getText("/admin/scan-login");
    expect(en.html).toContain("First enterprise");
    expect(en.html).toContain("One app per integrated enterprise");
  });
});
