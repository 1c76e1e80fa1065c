import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { normalizeEmail, normalizeMobile } from "../../../src/directory/index.ts";
import { cleanText, welinkEmail, welinkMobile, welinkText, WELINK_MOBILE } from "../../../src/sync/to-welink/welink-values.ts";

/** The sandbox's rule for mobileNumber (src/sandbox/welink/user-ops.ts), which follows welink-openapi.md. */
const SANDBOX_MOBILE = /^(\+\d{1,4}-)?\d{5,15}$/;

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const cnMobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`);
const sep = fc.constantFrom("", " ", "-", ".", "  ");
/** How an OA writes one mainland mobile: with or without +86 / 0086 / (+86), grouped 3-4-4 with any separator. */
const writtenCn = fc.tuple(cnMobile, fc.constantFrom("", "+86", "0086", "(+86)", "86", "+86-"), sep, sep, fc.constantFrom("", " ", "\t")).map(([m, prefix, s1, s2, pad]) => {
  const body = `${m.slice(0, 3)}${s1}${m.slice(3, 7)}${s2}${m.slice(7)}`;
  const glue = prefix === "" || prefix.endsWith("-") || prefix === "86" ? "" : " ";
  return { national: m, raw: `${pad}${prefix}${glue}${body}${pad}` };
});

describe("mobile numbers in WeLink's form", () => {
  test("the issue's case: '+86 186 7870 6422' becomes '+86-18678706422'", () => {
    expect(welinkMobile("+86 186 7870 6422")).toEqual({ ok: true, value: "+86-18678706422" });
    expect(welinkMobile("18678706422")).toEqual({ ok: true, value: "+86-18678706422" });
    expect(welinkMobile("+1 415 555 0100")).toEqual({ ok: true, value: "+1-4155550100" });
  });

  test("any way an OA writes a mainland mobile gives +86-<number>, the same number for the binding rule, accepted by WeLink", () => {
    fc.assert(
      fc.property(writtenCn, ({ national, raw }) => {
        const r = welinkMobile(raw);
        expect(r).toEqual({ ok: true, value: `+86-${national}` });
        if (!r.ok) return;
        expect(normalizeMobile(r.value)).toBe(normalizeMobile(raw));
        expect(SANDBOX_MOBILE.test(r.value)).toBe(true);
        expect(welinkMobile(r.value)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  test("whatever the input, a value given is in WeLink's form, keeps the digits the binding rule compares, and is stable", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+0(]?[\d \-().]{0,22}$/)), (raw) => {
        const r = welinkMobile(raw);
        if (!r.ok) return;
        expect(WELINK_MOBILE.test(r.value) && SANDBOX_MOBILE.test(r.value)).toBe(true);
        // The same digits: a leading 00 is the international prefix that "+" writes.
        expect(normalizeMobile(r.value)).toBe(normalizeMobile(raw.trim().replace(/^(\(?)00/, "$1+")));
        expect(welinkMobile(r.value)).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  test("a number whose country cannot be told, or that is no number, is a problem rather than a guess", () => {
    expect(welinkMobile("0755-88888888")).toEqual({ ok: false, kind: "mobileNoCountryCode" });
    expect(welinkMobile("+4915112345678")).toEqual({ ok: false, kind: "mobileNoCountryCode" });
    expect(welinkMobile("call 138")).toEqual({ ok: false, kind: "mobileFormat" });
    expect(welinkMobile("+86-123")).toEqual({ ok: false, kind: "mobileFormat" });
    expect(welinkMobile("  ")).toEqual({ ok: false, kind: "empty" });
  });
});

describe("e-mail and text in WeLink's form", () => {
  test("e-mail is trimmed and lower-cased as the binding rule compares it; a malformed one is a problem", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("", " ", "\t"), fc.boolean(), (email, pad, upper) => {
        const raw = `${pad}${upper ? email.toUpperCase() : email}${pad}`;
        const r = welinkEmail(raw);
        if (!r.ok) return expect(r.kind === "emailFormat" || r.kind === "tooLong").toBe(true);
        expect(r.value).toBe(normalizeEmail(raw)!);
        expect(welinkEmail(r.value)).toEqual(r);
      }),
    );
    expect(welinkEmail(" Li.Lei@Example.COM ")).toEqual({ ok: true, value: "li.lei@example.com" });
    expect(welinkEmail("li.lei@localhost")).toEqual({ ok: false, kind: "emailFormat" });
    expect(welinkEmail("a b@example.com")).toEqual({ ok: false, kind: "emailFormat" });
  });

  test("names lose control characters and doubled spaces; longer than 128 characters is refused, not cut", () => {
    expect(welinkText(" 张\t三\n ")).toEqual({ ok: true, value: "张 三" });
    expect(welinkText("名".repeat(128))).toEqual({ ok: true, value: "名".repeat(128) });
    expect(welinkText("名".repeat(129))).toEqual({ ok: false, kind: "tooLong", max: 128 });
    fc.assert(fc.property(fc.string(), (s) => expect(cleanText(cleanText(s))).toBe(cleanText(s))));
  });
});
