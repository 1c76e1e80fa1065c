import { describe, expect, test } from "bun:test";
import type { PersonFacts, TenantFacts } from "../../src/explain/facts.ts";
import type { Subject } from "../../src/explain/find.ts";
import { checkText } from "../../src/explain/i18n.ts";
import { answersFor } from "../../src/explain/questions.ts";

const corp = { id: "c1", tenantId: "t1", name: "Corp", enabled: true, contactPermission: "read-only" } as Subject["corp"];
const welink = { userId: "u1", nameCn: "张一", status: 3, removedAt: null } as Subject["welink"];
const oa = { id: "U1", account: "acc-U1", name: "张一", active: true } as Subject["oa"];
const person: Subject = { corp, welink, oa, method: "admin" };
const tenant: TenantFacts = { signIn: { method: "handoff", ready: true }, scan: { enabled: true, appId: "a1", corpId: "c1", trustedNetworks: ["10.0.0.0/8"] } };
const facts = (apps: PersonFacts["apps"]): PersonFacts => ({ apps, reach: { rules: [], last: null }, scope: { inScope: null, rule: "readOnly" } });

describe("answers from facts", () => {
  test("one app showing the person is enough to open the app; the other app's range is told, not held against them", () => {
    const a = answersFor(person, facts([{ id: "a1", name: "Entry", visibility: "invisible" }, { id: "a2", name: "Other", visibility: "visible" }]), tenant);
    expect(a.openApp.verdict).toBe("yes");
    expect(a.openApp.checks.find((c) => c.code === "app.invisible")?.state).toBe("info");
    // Scan login uses a1: there the range decides.
    expect(a.scanLogin.verdict).toBe("no");
  });

  test("an app without contacts read cannot tell; an unset OA portal stops the handoff; a read-only corp has no sync scope", () => {
    const a = answersFor(person, facts([{ id: "a1", name: "Entry", visibility: "noReadPermission" }]), { ...tenant, signIn: { method: "handoff", ready: false } });
    expect(a.openApp.verdict).toBe("no");
    expect(a.openApp.checks.map((c) => c.code)).toEqual(["account.active", "binding.bound", "app.noReadPermission", "signIn.portalMissing"]);
    expect(answersFor(person, facts([{ id: "a1", name: "Entry", visibility: "noReadPermission" }]), tenant).openApp.verdict).toBe("unknown");
    expect(a.messages.checks.find((c) => c.code === "rules.none")).toMatchObject({ state: "bad", fix: "/admin/push" });
    expect(a.syncScope).toEqual({ verdict: "notApplicable", checks: [{ code: "scope.readOnly", state: "info", fix: "/admin/directory/c1/push" }] });
  });

  test("a person WeLink no longer has: the removal says no, with no visible range to look up", () => {
    const gone = { ...person, welink: { ...welink!, removedAt: 1 } };
    const a = answersFor(gone, facts([{ id: "a1", name: "Entry", visibility: "unchecked" }]), tenant);
    expect(a.openApp.checks.map((c) => `${c.state} ${c.code}`)).toEqual(["bad account.removed", "ok binding.bound", "ok signIn.ready"]);
    expect(a.scanLogin.checks.some((c) => c.code.startsWith("app."))).toBe(false);
  });

  test("a check's words follow the reader's language, with the method and message types translated", () => {
    const bound = answersFor(person, facts([]), tenant).openApp.checks.find((c) => c.code === "binding.bound")!;
    expect(checkText("zh-CN", bound, String)).toBe("已绑定 OA 人员 张一（账号 acc-U1，管理员绑定）。");
    expect(checkText("en", bound, String)).toBe("Bound to the OA person 张一 (account acc-U1, bound by an admin).");
    const rule = { code: "rule.match" as const, state: "ok" as const, params: { rule: "R", sources: "todo, approval" }, targets: [{ app: "Entry", type: "card" }] };
    expect(checkText("zh-CN", rule, String)).toBe("推送规则“R”把来源 todo、approval 的消息发到 Entry（卡片）。");
  });
});
