import { describe, expect, test } from "bun:test";
import { matchPerson, normalizeEmail, normalizeMobile, type BindingRule, type MatchCandidate } from "../../src/directory/match.ts";

const person = (id: string, fields: Partial<MatchCandidate> = {}): MatchCandidate => ({ id, active: true, ...fields });
const or = (...fields: BindingRule["fields"]): BindingRule => ({ enabled: true, fields, combine: "or" });
const and = (...fields: BindingRule["fields"]): BindingRule => ({ enabled: true, fields, combine: "and" });
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
    expect(matchPerson(or("mobile"), { mobile: "+86-13812345678" }, oa, none)).toEqual({ matched: true, oaUserId: "u1", fields: ["mobile"] });
    expect(matchPerson(or("mobile"), { mobile: "+86-13900000000" }, oa, none)).toMatchObject({ matched: true, oaUserId: "u2" });
  });

  test("OR checks fields in the given order and stops at the first unique hit", () => {
    // The e-mail is shared by u3 and u4 (ambiguous), so the mobile decides.
    expect(matchPerson(or("email", "mobile"), { email: "shared@corp.cn", mobile: "13600000000" }, oa, none)).toEqual({ matched: true, oaUserId: "u4", fields: ["mobile"] });
    // The first field wins even when a later one would point elsewhere.
    expect(matchPerson(or("email", "mobile"), { email: "ZHANG@corp.cn", mobile: "13900000000" }, oa, none)).toMatchObject({ oaUserId: "u1", fields: ["email"] });
  });

  test("OR with only ambiguous or missing hits is no match", () => {
    expect(matchPerson(or("email"), { email: "shared@corp.cn" }, oa, none)).toEqual({ matched: false, reason: "ambiguous", field: "email", candidates: ["u3", "u4"] });
    expect(matchPerson(or("email", "mobile"), { email: "nobody@corp.cn", mobile: "13500000000" }, oa, none)).toEqual({ matched: false, reason: "none" });
    expect(matchPerson(or("email"), { mobile: "13812345678" }, oa, none)).toEqual({ matched: false, reason: "no-keys" });
  });

  test("AND needs every chosen field equal on one person", () => {
    expect(matchPerson(and("mobile", "email"), { mobile: "138 1234 5678", email: "zhang@corp.cn" }, oa, none)).toEqual({ matched: true, oaUserId: "u1", fields: ["mobile", "email"] });
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
