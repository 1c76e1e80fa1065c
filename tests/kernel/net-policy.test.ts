import { describe, expect, test } from "bun:test";
import { ConfigError, parseConfig } from "../../src/config.ts";
import { checkHost, type NetPolicy } from "../../src/kernel/net-policy.ts";

const policy = (env: Record<string, string>): NetPolicy => parseConfig({ WELINK_BASE_URL: "https://open.welink.huaweicloud.com", ...env }, "/tmp").outbound;
const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: "OUTBOUND_REFUSED" });
const fixed = (addresses: string[]) => async () => addresses;

describe("the outbound allow-list", () => {
  test("serve's defaults: private ranges for the OA, loopback refused, public allowed", async () => {
    const p = policy({});
    await checkHost(p, "oa", "10.1.2.3");
    await checkHost(p, "oa", "fd12::1");
    await checkHost(p, "welink", "203.0.113.7");
    await refused(checkHost(p, "welink", "10.1.2.3"));
    for (const a of ["127.0.0.1", "127.9.9.9", "::1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0"]) await refused(checkHost(p, "oa", a));
  });

  test("link-local and metadata addresses are refused whatever is allowed", async () => {
    const p = policy({ OUTBOUND_ALLOW: "169.254.0.0/16,fd00:ec2::/32,100.100.100.200,0.0.0.0/0,::/0", OUTBOUND_ALLOW_PRIVATE: "true" });
    for (const a of ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "fe80::1", "::ffff:169.254.169.254"]) await refused(checkHost(p, "oa", a));
  });

  test("every address a name resolves to is checked (DNS rebinding)", async () => {
    const p = policy({});
    await refused(checkHost(p, "oa", "oa.example.com", fixed(["10.0.0.5", "127.0.0.1"])));
    await refused(checkHost(p, "oa", "localhost"));
    expect(await checkHost(p, "oa", "oa.example.com", fixed(["10.0.0.5"]))).toEqual(["10.0.0.5"]);
  });

  test("a listed address, range or host name is allowed; OUTBOUND_ALLOW_PRIVATE=false refuses private OAs", async () => {
    const p = policy({ OUTBOUND_ALLOW: "127.0.0.1/32, oa.internal", OUTBOUND_ALLOW_PRIVATE: "false" });
    await checkHost(p, "oa", "127.0.0.1");
    await refused(checkHost(p, "oa", "127.0.0.2"));
    await checkHost(p, "oa", "oa.internal", fixed(["127.0.0.5"]));
    await refused(checkHost(p, "oa", "10.0.0.1"));
    // The global admin's WELINK_BASE_URL host is allowed (the sandbox on loopback).
    await checkHost(policy({ WELINK_BASE_URL: "http://127.0.0.1:9090" }), "welink", "127.0.0.1");
  });

  test("a bad entry names the setting", () => {
    expect(() => policy({ OUTBOUND_ALLOW: "10.0.0.0/99" })).toThrow(ConfigError);
    expect(() => policy({ OUTBOUND_ALLOW: "http://x" })).toThrow(/OUTBOUND_ALLOW/);
  });
});
