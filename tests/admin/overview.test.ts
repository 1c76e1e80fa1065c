import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The world first: its harness loads @hono/zod-openapi before the use cases build their zod schemas.
import { EntryClient, enter, phoneCode, startWorld, TENANT, type World } from "../login/entry/support.ts";
import { ADMIN_PASSWORD, startHarness } from "../helpers/harness.ts";
import { type AdminClient, signedIn } from "../helpers/admin-client.ts";
import { problemsOf } from "../../src/admin/figures.ts";

type Json = Record<string, any>;
let w: World;
let admin: AdminClient;
const T = { tenant: TENANT };

const call = async (method: string, path: string, body?: unknown) => {
  const res = await w.h.call(method, path, { ...T, body });
  expect(res.status).toBeLessThan(300);
  return res.status === 204 ? {} : ((await res.json()) as Json);
};
const overview = async (lang: "zh-CN" | "en" = "zh-CN") => {
  await admin.get(`/admin/lang/${lang}?back=/admin`);
  const html = (await admin.getText("/admin")).html;
  if (lang !== "zh-CN") await admin.get("/admin/lang/zh-CN?back=/admin");
  return html;
};
const ticked = (html: string) => [...html.matchAll(/data-step="(\w+)" data-done="yes"/g)].map((m) => m[1]);

beforeAll(async () => {
  w = await startWorld();
  admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  await admin.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
});
afterAll(() => w.stop());

describe("the getting-started checklist", () => {
  test("a fresh tenant sees every step unticked, each linked to its form, in both languages", async () => {
    const h = await startHarness();
    try {
      const fresh = await signedIn(h.app, "admin", ADMIN_PASSWORD);
      await fresh.post("/admin/tenant", { tenant: "default", back: "/admin" });
      const html = (await fresh.getText("/admin")).html;
      expect(html).toContain("快速上手");
      expect(html).toContain("已完成 0 / 8 步");
      expect(ticked(html)).toEqual([]);
      for (const [step, href] of [["oa", "/admin/oa/connection"], ["corpApp", "/admin/corps/new"], ["pushRule", "/admin/push/rules/new"], ["scan", "/admin/scan-login"]]) {
        expect(html).toMatch(new RegExp(`data-step="${step}" data-done="no"><span class="badge">待完成</span> <a href="${href}">`));
      }
      expect(html).toContain("还没有接入 WeLink 企业。");
      await fresh.get("/admin/lang/en?back=/admin");
      const en = (await fresh.getText("/admin")).html;
      expect(en).toContain("Getting started");
      expect(en).toContain("0 of 8 steps done");
      expect(en).toContain("Connect the OA");
    } finally {
      h.close();
    }
  });

  test("ticks itself from real state, step by step, and goes away when all are done", async () => {
    // The world has the OA connected and a corp with an app.
    expect(ticked(await overview())).toEqual(["oa", "corpApp"]);
    expect(await overview()).toContain(`<a href="/admin/apps/${w.appId}">把应用的主页地址填入`);
    // Someone opens the app from WeLink: the homepage URL was pasted.
    const person = w.people[0]!;
    await enter(w, new EntryClient(w.h.app), await phoneCode(w, person));
    await call("PATCH", `/api/v1/corps/${w.corpId}`, { syncAppId: w.appId, bindingRule: { enabled: true, fields: ["mobile"], combine: "or" } });
    expect(ticked(await overview())).toEqual(["oa", "corpApp", "homepage", "syncApp", "bindingRule"]);
    await call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`);
    await call("POST", "/api/v1/push-rules", { name: "待办", sources: ["*"], targets: [{ corpId: w.corpId, appId: w.appId, type: "todo" }] });
    const before = await overview();
    expect(ticked(before)).toEqual(["oa", "corpApp", "homepage", "syncApp", "firstPull", "bindingRule", "pushRule"]);
    expect(before).toContain("已完成 7 / 8 步");
    await call("PUT", "/api/v1/scan-login/settings", { enabled: true, appId: w.appId });
    const after = await overview();
    expect(after).not.toContain("getting-started");
  });
});

describe("the dashboard", () => {
  test("shows per enterprise the app tests, the last pull, bindings, deliveries and scan logins, each a link", async () => {
    await call("POST", `/api/v1/apps/${w.appId}/test`);
    const html = await overview();
    const card = html.slice(html.indexOf(`data-corp="${w.corpId}"`));
    expect(card).toContain(`<a href="/admin/apps/${w.appId}" translate="no">OA 门户</a> <span class="badge ok">通过</span>`);
    const runs = (await call("GET", `/api/v1/corps/${w.corpId}/sync-runs`)) as { items: Json[] };
    const pull = runs.items.find((r) => r.kind === "pull")!;
    expect(card).toContain(`href="/admin/directory/${w.corpId}/runs/${pull.id}"`);
    expect(card).toMatch(/新增 \d+，更新 \d+，删除 \d+，失败 0/);
    const people = (await call("GET", `/api/v1/corps/${w.corpId}/welink/people?filter=bound&limit=1`)) as Json;
    expect(card).toContain(`<a href="/admin/directory/${w.corpId}?filter=bound#people" class="figure">已绑定 ${people.total}</a>`);
    expect(card).toContain(`href="/admin/directory/${w.corpId}/reviews"`);
    expect(card).toContain('href="/admin/push/messages?status=dead"');
    expect(card).toContain('href="/admin/login-log?channel=scan&amp;result=ok"');
    const en = await overview("en");
    expect(en).toContain("Each WeLink enterprise");
    expect(en).toMatch(/\d+ added, \d+ updated, \d+ removed, 0 failed/);
    expect(en).toContain("Scan logins, last 24 h");
  });

  test("puts enterprises with problems first and names the problems", async () => {
    const healthy = await call("POST", "/api/v1/corps", { name: "A企业", welinkTenantId: "a-tenant", apiBaseUrl: w.sandbox.baseUrl });
    const other = await call("POST", "/api/v1/corps", { name: "Z企业", welinkTenantId: "z-tenant", apiBaseUrl: w.sandbox.baseUrl });
    const broken = await call("POST", `/api/v1/corps/${other.id}/apps`, { name: "坏应用", clientId: "no-such-client", clientSecret: "x" });
    const pos = (html: string, id: string) => html.indexOf(`data-corp="${id}"`);
    // Without problems, by name.
    let html = await overview();
    expect(pos(html, healthy.id)).toBeLessThan(pos(html, other.id));
    expect(html).not.toContain("<li>应用测试失败</li>");
    expect((await w.h.call("POST", `/api/v1/apps/${broken.id}/test`, T)).status).toBe(502);
    html = await overview();
    expect(pos(html, other.id)).toBeLessThan(pos(html, healthy.id));
    const card = html.slice(pos(html, other.id), html.indexOf("</section>", pos(html, other.id)));
    expect(html).toContain(`<section class="panel corp-card problem" data-corp="${other.id}"`);
    expect(card).toContain("需要处理：1 项");
    expect(card).toContain("<li>应用测试失败</li>");
    expect(card).toContain('<span class="badge bad">失败</span>');
    expect(html.slice(pos(html, healthy.id))).toMatch(/^data-corp="[^"]+" aria-labelledby="corp-[^"]+"><h3><a id="corp-[^"]+" href="[^"]+" translate="no">A企业<\/a> <span class="badge ok">一切正常<\/span>/);
    expect(await overview("en")).toContain("<li>an app fails its test</li>");
  });

  test("a pull with failed items, reviews and failed deliveries are problems", () => {
    const base = { corp: {} as never, apps: [], deliveries: { failed: 0, dead: 0 }, scans: { ok: 3, failed: 0 } };
    const pull = { runId: "r", status: "ok" as const, startedAt: 0, finishedAt: 1, added: 1, updated: 0, removed: 0, failed: 0 };
    expect(problemsOf({ ...base, directory: { bound: 1, unbound: 5, review: 0, lastPull: pull } })).toEqual([]);
    expect(problemsOf({ ...base, directory: { bound: 1, unbound: 0, review: 2, lastPull: { ...pull, failed: 1 } } })).toEqual(["pull", "review"]);
    expect(problemsOf({ ...base, deliveries: { failed: 0, dead: 1 }, directory: { bound: 0, unbound: 0, review: 0, lastPull: { ...pull, status: "held" } } })).toEqual(["pull", "deliveries"]);
  });
});
