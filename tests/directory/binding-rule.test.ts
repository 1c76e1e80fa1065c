import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { planAutoBind } from "../../src/directory/bindings-auto.ts";
import { matchByRule } from "../../src/directory/bindings.ts";
import type { WelinkRuleField } from "../../src/corps/index.ts";
import type { RuleField } from "../../src/directory/match.ts";
import { addCorp, bindingsOf, seedOa, seedWelink, setRule, startBindingWorld, type BindingWorld } from "./binding-support.ts";

let w: BindingWorld;

const OA = [
  { id: "oa1", mobile: "13800000001", email: "a@x.cn" },
  { id: "oa2", mobile: "13800000002", email: "shared@x.cn" },
  { id: "oa3", mobile: "13800000003", email: "shared@x.cn" },
  { id: "oa4", mobile: "13800000009", email: "d@x.cn" },
  { id: "oa5", mobile: "+86 138 0000 0009", email: "e@x.cn" },
  { id: "oa6", mobile: "13800000006", email: "f@x.cn" },
  { id: "oa7", mobile: "13800000007", email: "g@x.cn" },
];
const WELINK = [
  { userId: "w1", mobile: "+86-13800000001", email: "A@x.cn" },
  { userId: "w2", mobile: "+86-13800000002", email: "shared@x.cn" },
  { userId: "w4", mobile: "+86-13800000009", email: "e@x.cn" },
  // The e-mail says oa6, the mobile says oa7: the order of the fields decides.
  { userId: "w5", mobile: "+86-13800000007", email: "f@x.cn" },
  { userId: "w9", mobile: "+86-13999999999", email: "nobody@x.cn" },
];

beforeAll(async () => {
  w = await startBindingWorld();
  await seedOa(w, OA);
});
afterAll(() => w.h.close());

const same = (...fields: RuleField[]) => fields.map((f) => ({ oa: f, welink: f }));
const candidates = OA.map((p) => ({ ...p, active: true }));
const rows = WELINK.map((p) => ({ userId: p.userId, mobile: p.mobile, email: p.email, employeeId: null }));

describe("the binding rule over a corp", () => {
  test("OR tries the fields in the chosen order and stops at the first that singles out one person", () => {
    const mobileFirst = planAutoBind({ enabled: true, combine: "or", terms: same("mobile", "email") }, rows, candidates, new Set());
    const emailFirst = planAutoBind({ enabled: true, combine: "or", terms: same("email", "mobile") }, rows, candidates, new Set());
    expect(mobileFirst.bind).toContainEqual({ welinkUserId: "w5", oaUserId: "oa7", term: "mobile" });
    expect(emailFirst.bind).toContainEqual({ welinkUserId: "w5", oaUserId: "oa6", term: "email" });
    // w4's mobile is shared by oa4 and oa5, so OR falls through to the e-mail.
    expect(mobileFirst.bind).toContainEqual({ welinkUserId: "w4", oaUserId: "oa5", term: "email" });
    expect(mobileFirst.unmatched).toBe(1);
  });

  test("AND needs every field equal on one person", () => {
    const plan = planAutoBind({ enabled: true, combine: "and", terms: same("mobile", "email") }, rows, candidates, new Set());
    expect(plan.bind).toEqual([
      { welinkUserId: "w1", oaUserId: "oa1", term: "mobile+email" },
      { welinkUserId: "w2", oaUserId: "oa2", term: "mobile+email" },
      { welinkUserId: "w4", oaUserId: "oa5", term: "mobile+email" },
    ]);
  });

  test("a field matching several people never binds: the person goes to review with the candidates", async () => {
    const corpId = await addCorp(w, "review-corp");
    await seedWelink(w, corpId, WELINK);
    await setRule(w, corpId, "or", ["mobile"]);
    const summary = (await (await w.call("POST", `/api/v1/corps/${corpId}/auto-bind`)).json()) as Record<string, unknown>;
    expect(summary).toEqual({ bound: 3, review: 1, unmatched: 1, byTerm: [{ term: "mobile", bound: 3 }] });
    expect(await bindingsOf(w, corpId)).toEqual({ w1: { oaUserId: "oa1", method: "rule" }, w2: { oaUserId: "oa2", method: "rule" }, w5: { oaUserId: "oa7", method: "rule" } });
    const reviews = (await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()) as { items: { id: string; welinkUserId: string; field: string; candidates: string[] }[] };
    expect(reviews.items).toMatchObject([{ welinkUserId: "w4", field: "mobile", candidates: ["oa4", "oa5"] }]);

    // Picking someone who is not a candidate is refused; picking a candidate binds (as an admin binding).
    expect((await w.call("POST", `/api/v1/binding-reviews/${reviews.items[0]!.id}/pick`, { oaUserId: "oa6" })).status).toBe(422);
    expect((await w.call("POST", `/api/v1/binding-reviews/${reviews.items[0]!.id}/pick`, { oaUserId: "oa5" })).status).toBe(200);
    expect((await bindingsOf(w, corpId)).w4).toEqual({ oaUserId: "oa5", method: "admin" });
    expect((await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()).items).toEqual([]);
    expect((await w.call("POST", `/api/v1/binding-reviews/${reviews.items[0]!.id}/dismiss`)).status).toBe(409);
  });

  test("a dismissed review is not raised again for the same candidates", async () => {
    const corpId = await addCorp(w, "dismiss-corp");
    await seedWelink(w, corpId, [{ userId: "w4", mobile: "13800000009" }]);
    await setRule(w, corpId, "or", ["mobile"]);
    await w.call("POST", `/api/v1/corps/${corpId}/auto-bind`);
    const [review] = ((await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()) as { items: { id: string }[] }).items;
    expect((await w.call("POST", `/api/v1/binding-reviews/${review!.id}/dismiss`)).status).toBe(200);
    await w.call("POST", `/api/v1/corps/${corpId}/auto-bind`);
    expect((await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()).items).toEqual([]);
    const audit = (await (await w.call("GET", "/api/v1/audit?action=binding.review")).json()) as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toContain("binding.review.dismiss");
  });

  test("an existing binding is never changed by the rule", async () => {
    const corpId = await addCorp(w, "keep-corp");
    await seedWelink(w, corpId, [{ userId: "w1", mobile: "13800000001" }]);
    expect((await w.call("PUT", `/api/v1/corps/${corpId}/bindings/w1`, { oaUserId: "oa3" })).status).toBe(200);
    await setRule(w, corpId, "or", ["mobile"]);
    expect(await (await w.call("POST", `/api/v1/corps/${corpId}/auto-bind`)).json()).toEqual({ bound: 0, review: 0, unmatched: 0, byTerm: [{ term: "mobile", bound: 0 }] });
    expect((await bindingsOf(w, corpId)).w1).toEqual({ oaUserId: "oa3", method: "admin" });
  });

  test("at app entry an ambiguous match puts the person in review (and the entry shows the bind page)", async () => {
    const corpId = await addCorp(w, "entry-corp");
    const result = await matchByRule(w.h.deps, { tenantId: w.tenantId, corpId }, { enabled: true, combine: "or", terms: same("email") }, { userId: "w2", email: "shared@x.cn" });
    expect(result).toEqual({ matched: false, reason: "ambiguous", field: "email", candidates: ["oa2", "oa3"] });
    const reviews = (await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()) as { items: { welinkUserId: string }[] };
    expect(reviews.items.map((r) => r.welinkUserId)).toEqual(["w2"]);
  });

  test("at app entry a cross-field term finds the OA person in the database: case-free e-mail prefix, job number, mobile as account", async () => {
    const corpId = await addCorp(w, "cross-entry-corp");
    await seedOa(w, [
      { id: "x1", account: " Chen.Li ", employeeNo: "E9001" },
      { id: "x2", account: "x2-login", employeeNo: "chenli", mobile: "139 1111 2222" },
    ]);
    const rule = (oa: RuleField, welink: WelinkRuleField) => ({ enabled: true, combine: "or" as const, terms: [{ oa, welink }] });
    const scope = { tenantId: w.tenantId, corpId };
    expect(await matchByRule(w.h.deps, scope, rule("account", "emailPrefix"), { userId: "w-x", email: "CHEN.li@mail.example" })).toMatchObject({ matched: true, oaUserId: "x1" });
    expect(await matchByRule(w.h.deps, scope, rule("employeeNo", "account"), { userId: "chenli@welink" })).toMatchObject({ matched: true, oaUserId: "x2" });
    expect(await matchByRule(w.h.deps, scope, rule("mobile", "account"), { userId: "+86-13911112222@welink" })).toMatchObject({ matched: true, oaUserId: "x2" });
    // Same-field, the account is compared as typed: "chenli" is nobody's OA account.
    expect(await matchByRule(w.h.deps, scope, rule("account", "account"), { userId: "chenli@welink" })).toEqual({ matched: false, reason: "none" });
  });

  test("another tenant's token can neither see nor settle a review", async () => {
    const corpId = await addCorp(w, "isolated-corp");
    await matchByRule(w.h.deps, { tenantId: w.tenantId, corpId }, { enabled: true, combine: "or", terms: same("email") }, { userId: "w2", email: "shared@x.cn" });
    const [review] = ((await (await w.call("GET", `/api/v1/corps/${corpId}/binding-reviews`)).json()) as { items: { id: string }[] }).items;
    const other = await w.h.tenantToken("other", ["admin"]);
    expect((await w.h.call("GET", `/api/v1/corps/${corpId}/binding-reviews`, { token: other })).status).toBe(404);
    expect((await w.h.call("POST", `/api/v1/binding-reviews/${review!.id}/pick`, { token: other, body: { oaUserId: "oa2" } })).status).toBe(404);
    expect((await w.h.call("POST", `/api/v1/binding-reviews/${review!.id}/dismiss`, { token: other })).status).toBe(404);
    expect((await w.h.call("POST", `/api/v1/corps/${corpId}/auto-bind`, { token: other })).status).toBe(404);
  });

  test("running the rule on demand is refused while it is off", async () => {
    const corpId = await addCorp(w, "off-corp");
    const res = await w.call("POST", `/api/v1/corps/${corpId}/auto-bind`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("BINDING_RULE_DISABLED");
  });
});
