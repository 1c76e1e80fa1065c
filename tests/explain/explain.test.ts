import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runDispatcher } from "../../src/messages/dispatcher.ts";
import { startExplainWorld, type ExplainWorld } from "./support.ts";

type Check = { code: string; state: string; params: Record<string, unknown>; reason: string; fix: string | null };
type Answer = { verdict: string; checks: Check[] };
type Person = { corp: { id: string }; welink: { userId: string } | null; oa: { id: string; account: string } | null; binding: string | null; answers: Record<string, Answer> };

let w: ExplainWorld;
beforeAll(async () => {
  w = await startExplainWorld();
}, 120_000);
afterAll(() => w?.close());

async function explain(q: string): Promise<Person[]> {
  const res = await w.call("GET", `/api/v1/explain?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { people: Person[] }).people;
}
async function one(q: string): Promise<Person> {
  const people = await explain(q);
  expect(people.length).toBe(1);
  return people[0]!;
}
const codes = (a: Answer) => a.checks.map((c) => `${c.state} ${c.code}`);

describe("explain answers the four questions for one person", () => {
  test("a bound person, found by name: yes to all four, each with the checks behind it", async () => {
    const p = await one("张一");
    expect(p.welink?.userId).toBe(w.ids.bound);
    expect(p.oa).toMatchObject({ id: "U1", account: "acc-U1" });
    expect(Object.fromEntries(Object.entries(p.answers).map(([q, a]) => [q, a.verdict]))).toEqual({ openApp: "yes", messages: "yes", scanLogin: "yes", syncScope: "yes" });
    expect(codes(p.answers.openApp!)).toEqual(["ok account.active", "ok binding.bound", "ok app.visible", "ok signIn.ready"]);
    const rule = p.answers.messages!.checks.find((c) => c.code === "rule.match")!;
    expect(rule.reason).toBe("The push rule “待办推送” sends messages from todo to Sync (todo).");
    expect(p.answers.syncScope!.checks).toEqual([expect.objectContaining({ code: "scope.everyone", state: "ok" })]);
    expect(codes(p.answers.scanLogin!)).toContain("info scan.networks");
  });

  test("an unbound person, found by mobile: cannot open the app, receive messages or scan; the sync does not manage them", async () => {
    const p = await one("139 0000 0004");
    expect(p.welink?.userId).toBe(w.ids.unbound);
    expect(p.binding).toBeNull();
    for (const q of ["openApp", "messages", "scanLogin"]) {
      expect(p.answers[q]!.verdict).toBe("no");
      const none = p.answers[q]!.checks.find((c) => c.code === "binding.none")!;
      expect(none).toMatchObject({ state: "bad", fix: `/admin/directory/${w.corpId}/people/${encodeURIComponent(w.ids.unbound)}` });
    }
    // Inside the visible range: the binding alone stops them.
    expect(codes(p.answers.openApp!)).toContain("ok app.visible");
    expect(p.answers.syncScope).toMatchObject({ verdict: "notApplicable", checks: [{ code: "scope.unknownPerson" }] });
  });

  test("a person outside the app's visible range, found by WeLink id: no, naming the app and where to widen it", async () => {
    const p = await one(w.ids.invisible);
    const invisible = { code: "app.invisible", state: "bad", fix: `/admin/apps/${w.appId}`, reason: "Outside the visible range of the app “Sync”: add them to the app's visible range in the WeLink developer console." };
    for (const q of ["openApp", "messages", "scanLogin"]) {
      expect(p.answers[q]!.verdict).toBe("no");
      expect(p.answers[q]!.checks).toContainEqual(expect.objectContaining(invisible));
    }
    expect(p.answers.syncScope!.verdict).toBe("yes");
  });

  test("an out-of-scope person, found by OA account: the exclusion list decides, and the sync settings fix it", async () => {
    const p = await one("acc-U3");
    expect(p.welink?.userId).toBe(w.ids.excluded);
    expect(p.answers.syncScope).toEqual({
      verdict: "no",
      checks: [{ code: "scope.excluded", state: "bad", params: {}, reason: "On the list of people to exclude (exclusion wins).", fix: `/admin/directory/${w.corpId}/push` }],
    });
    expect(p.answers.openApp!.verdict).toBe("yes");
  });

  test("the last delivery is told: sent for a reachable person, refused with WeLink's error for one outside the visible range", async () => {
    const token = await w.h.tenantToken("default", ["push"]);
    const res = await w.h.call("POST", "/api/v1/messages", { token, body: { source: "todo", externalId: "T-1", kind: "create", title: "审批单", mobileUrl: "https://oa.example.com/m/1", pcUrl: "https://oa.example.com/p/1", recipients: ["U1", "U2"] } });
    expect(res.status).toBe(202);
    expect((await one("张一")).answers.messages!.checks.at(-1)).toMatchObject({ code: "delivery.open", state: "info", params: { title: "审批单", source: "todo", status: "pending" } });
    await runDispatcher(w.h.deps, { random: () => 0.5 });
    const sent = (await one("张一")).answers.messages!;
    expect(sent.verdict).toBe("yes");
    expect(sent.checks.at(-1)).toMatchObject({ code: "delivery.sent", state: "ok", fix: "/admin/push/messages?person=acc-U1" });
    const refused = (await one("王二")).answers.messages!.checks.at(-1)!;
    expect(refused).toMatchObject({ code: "delivery.failed", state: "bad", params: { status: "failed", welinkCode: "55002" }, fix: "/admin/push/messages?person=acc-U2" });
    expect(refused.reason).toContain("was not delivered (failed, to be retried): WeLink answered 55002");
  });

  test("a scope by department names the chosen department; a department outside it says so", async () => {
    await w.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { addNewPeople: true, scope: { depts: ["DA"], include: [], exclude: [] } });
    expect((await one("张一")).answers.syncScope!.checks[0]).toMatchObject({ code: "scope.inDept", params: { dept: "研发部" }, reason: "Their department lies under the chosen department “研发部”." });
    expect((await one("王二")).answers.syncScope!.checks[0]).toMatchObject({ code: "scope.outsideDepts", state: "bad" });
    await w.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U3"] } });
  });

  test("reads only: nothing is written to WeLink or audited, and a too-short query is refused with the field named", async () => {
    const before = w.rs.sb.calls.length;
    const audit = ((await (await w.call("GET", "/api/v1/audit?limit=1")).json()) as { items: { id: string }[] }).items[0]?.id;
    await explain("张一");
    await explain("acc-U1");
    const paths = w.rs.sb.calls.slice(before).map((c) => c.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !/\/contact\/v1\/users$|\/oauth2\/|\/token/.test(path))).toEqual([]);
    expect(((await (await w.call("GET", "/api/v1/audit?limit=1")).json()) as { items: { id: string }[] }).items[0]?.id).toBe(audit);
    const bad = await w.call("GET", "/api/v1/explain?q=x");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toContain("q");
  });

  test("another tenant sees none of these people, and cannot name this tenant's enterprise", async () => {
    expect((await w.call("GET", `/api/v1/explain?q=张一&corpId=nope`)).status).toBe(404);
    const token = await w.h.tenantToken("other", ["read"]);
    const res = await w.h.call("GET", `/api/v1/explain?q=${encodeURIComponent("张一")}`, { token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { people: unknown[] }).people).toEqual([]);
    expect((await w.h.call("GET", `/api/v1/explain?q=acc-U1&corpId=${w.corpId}`, { token })).status).toBe(404);
  });
});
