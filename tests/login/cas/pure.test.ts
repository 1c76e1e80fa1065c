import { describe, expect, test } from "bun:test";
import { matchService, withTicket } from "../../../src/login/cas/match.ts";
import { cas1Response, xmlText } from "../../../src/login/cas/responses.ts";

describe("CAS pure parts", () => {
  test("xmlText escapes markup and quotes and drops characters XML cannot carry", () => {
    expect(xmlText(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    expect(xmlText("a\u0000b\u0008c\td\n")).toBe("abc\td\n");
    expect(xmlText("张三 😀")).toBe("张三 😀");
  });

  test("a service matches the longest registered prefix at a path boundary, same scheme, host and port", () => {
    const services = [{ id: "root", urlPrefix: "https://oa.example.com/" }, { id: "cas", urlPrefix: "https://oa.example.com/cas" }];
    expect(matchService(services, "https://oa.example.com/cas/login")?.id).toBe("cas");
    expect(matchService(services, "https://oa.example.com/cas")?.id).toBe("cas");
    expect(matchService(services, "https://oa.example.com/cashier")?.id).toBe("root");
    expect(matchService([services[1]!], "https://oa.example.com/cashier")).toBeUndefined();
    expect(matchService(services, "https://oa.example.com:444/")).toBeUndefined();
    expect(matchService(services, "http://oa.example.com/")).toBeUndefined();
    expect(matchService(services, "https://oa.example.com.evil.cn/")).toBeUndefined();
  });

  test("the ticket is appended without re-encoding the service URL; CAS 1.0 refuses a user that could forge a line", () => {
    expect(withTicket("https://oa/x?a=b c", "ST-1")).toBe("https://oa/x?a=b c&ticket=ST-1");
    expect(withTicket("https://oa/x", "ST-1")).toBe("https://oa/x?ticket=ST-1");
    const ok = { ok: true as const, released: [], fromNewLogin: false, authTime: 0 };
    expect(cas1Response({ ...ok, person: { user: "a\nyes", attributes: {} as never } })).toBe("no\n\n");
  });
});
