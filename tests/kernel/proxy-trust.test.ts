import { describe, expect, test } from "bun:test";
import { parseConfig } from "../../src/config.ts";
import { compileProxyTrust } from "../../src/kernel/http/proxy-trust.ts";

describe("the client address behind proxies (TRUST_PROXY)", () => {
  const trust = (v: string) => compileProxyTrust(parseConfig({ TRUST_PROXY: v }, "/tmp").trustProxy);

  test("false ignores X-Forwarded-For; true trusts one hop and takes the rightmost value", () => {
    expect(trust("false")("192.0.2.1", "10.0.0.1")).toBe("192.0.2.1");
    expect(trust("true")("127.0.0.1", "10.0.0.1, 203.0.113.7")).toBe("203.0.113.7");
    expect(trust("1")("::ffff:127.0.0.1", "203.0.113.7")).toBe("203.0.113.7");
    expect(trust("2")("127.0.0.1", "10.0.0.1, 203.0.113.7, 10.1.1.1")).toBe("203.0.113.7");
  });

  test("a list of proxies: walk from the socket leftwards over trusted hops, take the first untrusted", () => {
    const t = trust("loopback, 10.1.0.0/16");
    expect(t("127.0.0.1", "10.0.0.1, 203.0.113.7, 10.1.2.3")).toBe("203.0.113.7");
    // A caller reaching the bridge directly is not a proxy: its header is not believed.
    expect(t("198.51.100.4", "10.0.0.1")).toBe("198.51.100.4");
    // Everything trusted: the leftmost address; garbage stops at the last real hop.
    expect(t("127.0.0.1", "10.1.0.9")).toBe("10.1.0.9");
    expect(t("127.0.0.1", "<script>, 10.1.0.9")).toBe("10.1.0.9");
  });

  test("a value that is neither a switch, a count nor networks is refused with the setting named", () => {
    expect(() => parseConfig({ TRUST_PROXY: "loopback, 10.0.0.0/33" }, "/tmp")).toThrow(/TRUST_PROXY.*prefix must be 0–32/);
    expect(() => parseConfig({ TRUST_PROXY: "yes" }, "/tmp")).toThrow(/TRUST_PROXY.*"yes"/);
  });
});
