import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ALL_SOURCES_WARNING } from "../../src/messages/rules.ts";
import { json, rows, startPushWorld, type PushWorld } from "./intake-support.ts";

type Rule = { id: string; name: string; enabled: boolean; sources: string[]; targets: { corpId: string; appId: string; type: string }[]; warning?: string };
type Problem = { code: string; errors?: { path: string; message: string }[] };

let w: PushWorld;
beforeEach(async () => {
  w = await startPushWorld();
});
afterEach(() => w.close());

const target = (over: Record<string, string> = {}) => ({ corpId: w.corpId, appId: w.appId, type: "todo", ...over });
const audit = async () => rows(w, "SELECT action, target, before, after FROM audit_log WHERE action LIKE 'push.rule.%' ORDER BY at, rowid");

describe("push rules", () => {
  test("create, read, list, change and delete a rule, each write in the audit log with before and after", async () => {
    const created = await w.admin("POST", "/api/v1/push-rules", { name: "Approvals to WeLink", sources: ["approval", "todo"], targets: [target()] });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as Rule;
    expect(rule).toMatchObject({ name: "Approvals to WeLink", enabled: true, sources: ["approval", "todo"], targets: [target()] });
    expect(rule.warning).toBeUndefined();
    expect(await json<Rule>(await w.admin("GET", `/api/v1/push-rules/${rule.id}`))).toEqual(rule);
    expect((await json<{ items: Rule[] }>(await w.admin("GET", "/api/v1/push-rules"))).items.map((r) => r.id)).toEqual([rule.id]);

    const changed = await json<Rule>(await w.admin("PATCH", `/api/v1/push-rules/${rule.id}`, { enabled: false, name: "Paused" }));
    expect(changed).toMatchObject({ id: rule.id, enabled: false, name: "Paused", sources: ["approval", "todo"] });
    expect((await w.admin("DELETE", `/api/v1/push-rules/${rule.id}`)).status).toBe(204);
    expect((await w.admin("GET", `/api/v1/push-rules/${rule.id}`)).status).toBe(404);

    const log = await audit();
    expect(log.map((l) => l.action)).toEqual(["push.rule.create", "push.rule.update", "push.rule.delete"]);
    expect(log.every((l) => l.target === `push-rule:${rule.id}`)).toBe(true);
    expect(JSON.parse(String(log[1]!.before))).toMatchObject({ name: "Approvals to WeLink", enabled: true });
    expect(JSON.parse(String(log[1]!.after))).toMatchObject({ name: "Paused", enabled: false });
    expect(JSON.parse(String(log[2]!.before))).toMatchObject({ name: "Paused" });
    expect(log[2]!.after).toBeNull();
  });

  test("all sources ('*') is allowed and the answer warns what it includes", async () => {
    const rule = await json<Rule>(await w.admin("POST", "/api/v1/push-rules", { name: "Everything", sources: ["*"], targets: [target({ type: "card" })] }));
    expect(rule.warning).toBe(ALL_SOURCES_WARNING);
    const narrowed = await json<Rule>(await w.admin("PATCH", `/api/v1/push-rules/${rule.id}`, { sources: ["notice"] }));
    expect(narrowed.warning).toBeUndefined();
    const mixed = await w.admin("PATCH", `/api/v1/push-rules/${rule.id}`, { sources: ["*", "notice"] });
    expect(mixed.status).toBe(422);
  });

  test("a target naming another tenant's corp or app, or an app of another corp → 422 naming the field; nothing is written", async () => {
    const other = await w.h.tenantToken("tenant-x", ["admin"]);
    const foreignCorp = await json<{ id: string }>(await w.h.call("POST", "/api/v1/corps", { token: other, body: { name: "X", welinkTenantId: "x-tenant" } }));
    const foreignApp = await json<{ id: string }>(await w.h.call("POST", `/api/v1/corps/${foreignCorp.id}/apps`, { token: other, body: { name: "X", clientId: "x", clientSecret: "x" } }));
    const secondCorp = await json<{ id: string }>(await w.admin("POST", "/api/v1/corps", { name: "Second", welinkTenantId: "w-2" }));

    const cases: [Record<string, string>, string][] = [
      [{ corpId: foreignCorp.id }, "body.targets.1.corpId"],
      [{ appId: foreignApp.id }, "body.targets.1.appId"],
      [{ corpId: secondCorp.id }, "body.targets.1.appId"],
    ];
    for (const [over, path] of cases) {
      const res = await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["todo"], targets: [target(), target(over)] });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as Problem;
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors!.map((e) => e.path)).toEqual([path]);
    }
    expect(await rows(w, "SELECT id FROM push_rules")).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  test("bad fields → 422 with their paths", async () => {
    const res = await w.admin("POST", "/api/v1/push-rules", { name: "", sources: ["Not OK"], targets: [] });
    expect(res.status).toBe(422);
    const paths = ((await res.json()) as Problem).errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.sources.0", "body.targets"]));
    const tooMany = Array.from({ length: 21 }, (_, i) => target({ appId: `a${i}` }));
    expect((await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["todo"], targets: tooMany })).status).toBe(422);
    const twice = await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["todo"], targets: [target(), target()] });
    expect(((await twice.json()) as Problem).errors!.map((e) => e.path)).toEqual(["body.targets"]);
  });

  test("another tenant's rule is 404 and never listed; rules need admin to write and read to read", async () => {
    const mine = await json<Rule>(await w.admin("POST", "/api/v1/push-rules", { name: "Mine", sources: ["todo"], targets: [target()] }));
    const other = await w.h.tenantToken("tenant-x", ["admin"]);
    for (const [method, body] of [["GET", undefined], ["PATCH", { name: "stolen" }], ["DELETE", undefined]] as const) {
      expect((await w.h.call(method, `/api/v1/push-rules/${mine.id}`, { token: other, body })).status).toBe(404);
    }
    expect((await json<{ items: Rule[] }>(await w.h.call("GET", "/api/v1/push-rules", { token: other }))).items).toEqual([]);

    const read = await w.h.tenantToken("default", ["read"]);
    expect((await w.h.call("GET", "/api/v1/push-rules", { token: read })).status).toBe(200);
    expect((await w.h.call("POST", "/api/v1/push-rules", { token: read, body: { name: "r", sources: ["todo"], targets: [target()] } })).status).toBe(403);
    expect((await json<Rule>(await w.admin("GET", `/api/v1/push-rules/${mine.id}`))).name).toBe("Mine");
  });
});
