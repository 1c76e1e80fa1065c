import { describe, expect, test } from "bun:test";
import { canonicalDn, guidText, parentDn, parseDn } from "../../../src/oa/ldap/dn.ts";

describe("DN parsing (RFC 4514)", () => {
  test("escaped comma, plus, quotes and backslash stay inside their value", () => {
    expect(parseDn('cn=王\\, 小明+uid=a\\+b,ou=\\"引号\\" 部\\\\x,dc=example')).toEqual([
      [{ type: "cn", value: "王, 小明" }, { type: "uid", value: "a+b" }],
      [{ type: "ou", value: '"引号" 部\\x' }],
      [{ type: "dc", value: "example" }],
    ]);
  });

  test("hex escapes decode as UTF-8, however the server chose to escape", () => {
    const hex = "cn=\\E7\\8E\\8B\\2C \\E5\\B0\\8F\\E6\\98\\8E,OU=研发中心, DC=Example";
    expect(parseDn(hex)[0]).toEqual([{ type: "cn", value: "王, 小明" }]);
    expect(canonicalDn(hex)).toBe(canonicalDn("cn=王\\, 小明,ou=研发中心,dc=example"));
    expect(parentDn(hex)).toBe(canonicalDn("ou=研发中心,dc=example"));
  });

  test("a quoted (legacy) value and trailing spaces", () => {
    expect(parseDn('cn="a, b" ,dc=x')[0]).toEqual([{ type: "cn", value: "a, b" }]);
    expect(parseDn("cn=a  ,dc=x")[0]).toEqual([{ type: "cn", value: "a" }]);
    expect(parseDn("cn=a\\ ,dc=x")[0]).toEqual([{ type: "cn", value: "a " }]);
  });

  test("objectGUID bytes render as AD shows them", () => {
    const bytes = Buffer.from("8e9b906710106e52aca29a0b3acd1af5".replace(/../g, "$&,").split(",").filter(Boolean).map((h) => parseInt(h, 16)));
    expect(guidText(bytes)).toBe("67909b8e-1010-526e-aca2-9a0b3acd1af5");
  });
});
