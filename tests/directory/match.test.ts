import { describe, expect, test } from "bun:test";
import { parseBindingRule, termsOfKey } from "../../src/corps/binding-rule.ts";
import { welinkKeys } from "../../src/directory/bindings.ts";
import { indexOaPeople, matchIndexed } from "../../src/directory/match-index.ts";
import { matchPerson, normalizeEmail, normalizeMobile, type BindingRule, type MatchCandidate, type RuleField } from "../../src/directory/match.ts";

const person = (id: string, fields: Partial<MatchCandidate> = {}): MatchCandidate => ({ id, active: true, ...fields });
const same = (fields: RuleField[]) => fields.map((f) => ({ oa: f, welink: f }));
const or = (...fields: RuleField[]): BindingRule => ({ enabled: true, terms: same(fields), combine: "or" });
const and = (...fields: RuleField[]): BindingRule => ({ enabled: true, terms: same(fields), combine: "and" });
const none = new Set<string>();

describe("normalising", () => {
  test("mobiles written with or without +86, dashes or spaces are one number", () => {
    for (const m of ["+86-13812345678", "13812345678", "+86 138 1234 5678", "8613812345678", "0086 13812345678", "(+86) 138-1234-5678"]) {
      expect(normalizeMobile(m)).toBe("13812345678");
    }
  });

  test("86 is dropped only as a country code in front of a full mobile", () => {
    expect(normalizeMobile("86123456")).toBe("86123456");
    expect(normalizeMobile("0755-88888888")).toBe("075588888888");
    expect(normalizeMobile("  ")).toBeUndefined();
    expect(normalizeMobile(null)).toBeUndefined();
  });

  test("e-mails are trimmed and lower-cased", () => {
    expect(normalizeEmail("  Zhang.Wei@Example.COM ")).toBe("zhang.wei@example.com");
    expect(normalizeEmail("")).toBeUndefined();
  });
});

describe("the binding rule", () => {
  const oa = [
    person("u1", { mobile: "13812345678", email: "Zhang@corp.cn", account: "zhang", employeeNo: "E1" }),
    person("u2", { mobile: "+86 139 0000 0000", email: "li@corp.cn", account: "li", employeeNo: "E2" }),
    person("u3", { mobile: "13700000000", email: "shared@corp.cn", account: "wang", employeeNo: "E3" }),
    person("u4", { mobile: "13600000000", email: "shared@corp.cn", account: "zhao", employeeNo: "E4" }),
  ];

  test("OR matches on the mobile whatever its format", () => {
    expect(matchPerson(or("mobile"), { mobile: "+86-13812345678" }, oa, none)).toEqual({ matched: true, oaUserId: "u1", terms: same(["mobile"]) });
    expect(matchPerson(or("mobile"), { mobile: "+86-13900000000" }, oa, none)).toMatchObject({ matched: true, oaUserId: "u2" });
  });

  test("OR checks fields in the given order and stops at the first unique hit", () => {
    // The e-mail is shared by u3 and u4 (ambiguous), so the mobile decides.
    expect(matchPerson(or("email", "mobile"), { email: "shared@corp.cn", mobile: "13600000000" }, oa, none)).toEqual({ matched: true, oaUserId: "u4", terms: same(["mobile"]) });
    // The first field wins even when a later one would point elsewhere.
    expect(matchPerson(or("email", "mobile"), { email: "ZHANG@corp.cn", mobile: "13900000000" }, oa, none)).toMatchObject({ oaUserId: "u1", terms: same(["email"]) });
  });

  test("OR with only ambiguous or missing hits is no match", () => {
    expect(matchPerson(or("email"), { email: "shared@corp.cn" }, oa, none)).toEqual({ matched: false, reason: "ambiguous", field: "email", candidates: ["u3", "u4"] });
    expect(matchPerson(or("email", "mobile"), { email: "nobody@corp.cn", mobile: "13500000000" }, oa, none)).toEqual({ matched: false, reason: "none" });
    expect(matchPerson(or("email"), { mobile: "13812345678" }, oa, none)).toEqual({ matched: false, reason: "no-keys" });
  });

  test("AND needs every chosen field equal on one person", () => {
    expect(matchPerson(and("mobile", "email"), { mobile: "138 1234 5678", email: "zhang@corp.cn" }, oa, none)).toEqual({ matched: true, oaUserId: "u1", terms: same(["mobile", "email"]) });
    expect(matchPerson(and("mobile", "email"), { mobile: "13812345678", email: "li@corp.cn" }, oa, none)).toEqual({ matched: false, reason: "none" });
    expect(matchPerson(and("mobile", "email"), { mobile: "13812345678" }, oa, none)).toEqual({ matched: false, reason: "no-keys" });
    expect(matchPerson(and("email"), { email: "shared@corp.cn" }, oa, none)).toEqual({ matched: false, reason: "ambiguous", field: "email", candidates: ["u3", "u4"] });
  });

  test("account and employee number compare trimmed text", () => {
    expect(matchPerson(or("account"), { account: " li " }, oa, none)).toMatchObject({ oaUserId: "u2" });
    expect(matchPerson(or("employeeNo"), { employeeNo: "E3" }, oa, none)).toMatchObject({ oaUserId: "u3" });
  });

  test("people who left the OA never match, and do not make a hit ambiguous", () => {
    const left = [person("gone", { mobile: "13812345678", active: false })];
    expect(matchPerson(or("mobile"), { mobile: "13812345678" }, left, none)).toEqual({ matched: false, reason: "none" });
    expect(matchPerson(or("mobile"), { mobile: "13812345678" }, [...oa, ...left], none)).toMatchObject({ oaUserId: "u1" });
  });

  test("an OA person already bound in the corp never matches", () => {
    expect(matchPerson(or("mobile"), { mobile: "13812345678" }, oa, new Set(["u1"]))).toEqual({ matched: false, reason: "none" });
  });

  test("a rule switched off or without fields matches nobody", () => {
    expect(matchPerson({ ...or("mobile"), enabled: false }, { mobile: "13812345678" }, oa, none)).toEqual({ matched: false, reason: "disabled" });
    expect(matchPerson(or(), { mobile: "13812345678" }, oa, none)).toEqual({ matched: false, reason: "disabled" });
  });
});

describe("terms across fields", () => {
  const oa = [
    person("u1", { mobile: "13812345678", email: "zhang@corp.cn", account: "Zhang.Wei", employeeNo: "E100" }),
    person("u2", { mobile: "13900000000", email: "li@corp.cn", account: "li.na", employeeNo: "E200" }),
    person("u3", { account: "wang", employeeNo: "E300" }),
    person("u4", { account: "WANG", employeeNo: "E400" }),
  ];
  const rule = (combine: "and" | "or", ...terms: BindingRule["terms"]): BindingRule => ({ enabled: true, terms, combine });
  const empToAccount = { oa: "employeeNo", welink: "account" } as const;
  const accountToPrefix = { oa: "account", welink: "emailPrefix" } as const;

  test("an OA field is compared with a different WeLink field: OA employee number ↔ WeLink account", () => {
    const keys = welinkKeys({ userId: "E200@corp", mobileNumber: "13700000000" });
    expect(matchPerson(rule("or", empToAccount), keys, oa, none)).toEqual({ matched: true, oaUserId: "u2", terms: [empToAccount] });
    // The same-field rule (account ↔ account) cannot see it: "E200" is nobody's OA account.
    expect(matchPerson(or("account"), keys, oa, none)).toEqual({ matched: false, reason: "none" });
  });

  test("the WeLink e-mail prefix is the part before the @, compared without case", () => {
    const keys = welinkKeys({ userId: "w-77", email: "ZHANG.wei@Other.Example" });
    expect(keys.emailPrefix).toBe("ZHANG.wei");
    expect(matchPerson(rule("or", accountToPrefix), keys, oa, none)).toEqual({ matched: true, oaUserId: "u1", terms: [accountToPrefix] });
    expect(welinkKeys({ userId: "w", email: "@nodomain" }).emailPrefix).toBeUndefined();
    expect(welinkKeys({ userId: "w" }).emailPrefix).toBeUndefined();
  });

  test("an e-mail prefix naming two OA accounts that differ only in case is ambiguous, never bound", () => {
    const keys = welinkKeys({ userId: "w-8", email: "Wang@corp.cn" });
    expect(matchPerson(rule("or", accountToPrefix), keys, oa, none)).toEqual({ matched: false, reason: "ambiguous", field: "account:emailPrefix", candidates: ["u3", "u4"] });
  });

  test("AND across fields needs every term to agree on one person", () => {
    const keys = welinkKeys({ userId: "E100@corp", email: "zhang.wei@corp.cn" });
    expect(matchPerson(rule("and", empToAccount, accountToPrefix), keys, oa, none)).toEqual({ matched: true, oaUserId: "u1", terms: [empToAccount, accountToPrefix] });
    const wrong = welinkKeys({ userId: "E200@corp", email: "zhang.wei@corp.cn" });
    expect(matchPerson(rule("and", empToAccount, accountToPrefix), wrong, oa, none)).toEqual({ matched: false, reason: "none" });
    expect(matchPerson(rule("and", empToAccount, accountToPrefix), welinkKeys({ userId: "E100" }), oa, none)).toEqual({ matched: false, reason: "no-keys" });
  });

  test("OR tries the terms in order: the first that singles out one person binds, whatever a later term says", () => {
    // The account says u3 (E300), the e-mail prefix says u2 (li.na).
    const keys = welinkKeys({ userId: "E300", email: "li.na@corp.cn" });
    expect(matchPerson(rule("or", empToAccount, accountToPrefix), keys, oa, none)).toMatchObject({ oaUserId: "u3", terms: [empToAccount] });
    expect(matchPerson(rule("or", accountToPrefix, empToAccount), keys, oa, none)).toMatchObject({ oaUserId: "u2", terms: [accountToPrefix] });
  });

  test("a term with a mobile on one side compares mobiles: OA mobile ↔ WeLink account", () => {
    const keys = welinkKeys({ userId: "+86 139 0000 0000" });
    expect(matchPerson(rule("or", { oa: "mobile", welink: "account" }), keys, oa, none)).toMatchObject({ oaUserId: "u2" });
  });

  test("the index over a whole directory gives the same answers as one person at a time", () => {
    const rules = [rule("or", empToAccount, accountToPrefix), rule("and", empToAccount, accountToPrefix), rule("or", accountToPrefix)];
    const people = [
      welinkKeys({ userId: "E300", email: "li.na@corp.cn" }),
      welinkKeys({ userId: "E100", email: "zhang.wei@corp.cn" }),
      welinkKeys({ userId: "x", email: "wang@corp.cn" }),
      welinkKeys({ userId: "nobody" }),
    ];
    for (const r of rules) {
      const index = indexOaPeople(r.terms, oa, none);
      for (const k of people) expect(matchIndexed(r, k, index)).toEqual(matchPerson(r, k, oa, none));
    }
  });
});

describe("the stored rule", () => {
  test("the old shape (fields) still parses, as same-field terms in the same order", () => {
    expect(parseBindingRule('{"enabled":true,"fields":["email","mobile"],"combine":"and"}')).toEqual({
      enabled: true,
      terms: [{ oa: "email", welink: "email" }, { oa: "mobile", welink: "mobile" }],
      combine: "and",
    });
  });

  test("a rule that does not parse reads as off; term keys round-trip", () => {
    expect(parseBindingRule('{"enabled":true,"terms":[{"oa":"emailPrefix","welink":"email"}],"combine":"or"}').enabled).toBe(false);
    expect(parseBindingRule("not json").enabled).toBe(false);
    expect(termsOfKey("mobile+employeeNo:account")).toEqual([{ oa: "mobile", welink: "mobile" }, { oa: "employeeNo", welink: "account" }]);
    expect(termsOfKey("mobile:nothing")).toBeUndefined();
  });
});
