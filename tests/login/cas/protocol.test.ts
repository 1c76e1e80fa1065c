import { afterEach, describe, expect, test } from "bun:test";
import { casWorld, type CasWorld, SERVICE } from "./support.ts";

let w: CasWorld | undefined;
afterEach(() => {
  w?.h.close();
  w = undefined;
});

const service = `${SERVICE}home?lang=zh`;
async function ticketFor(world: CasWorld, cookie: string, svc = service) {
  const res = await world.login({ service: svc }, cookie);
  expect(res.status).toBe(302);
  return world.ticketOf(res);
}
const body = async (res: Response) => ({ type: res.headers.get("content-type"), text: await res.text() });
const failure = async (res: Response) => /code="([A-Z_]+)"/.exec(await res.text())?.[1];

describe("CAS /login", () => {
  test("a bridge behind a proxy's sub-path sends the browser to its sign-in page under that path, and the page takes the return", async () => {
    const sub = await casWorld({ publicUrl: "http://bridge.test/wlb" });
    try {
      const to = new URL((await sub.login({ service })).headers.get("location")!, "http://bridge.test");
      expect(to.pathname).toBe("/wlb/t/default/signin");
      expect(to.searchParams.get("return")).toStartWith("/wlb/t/default/cas/login?");
      // The proxy strips /wlb: the page the bridge serves at /t/default/signin accepts that return (a refused one is a 400 page).
      const page = await sub.get(`/t/default/signin?${to.searchParams}`);
      expect(page.status).not.toBe(400);
    } finally {
      sub.h.close();
    }
  });

  test("without a session the browser goes to the sign-in page and comes back to this /login", async () => {
    w = await casWorld();
    const res = await w.login({ service });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!, "http://bridge");
    expect(to.pathname).toBe("/t/default/signin");
    expect(to.searchParams.get("renew")).toBeNull();
    const back = new URL(to.searchParams.get("return")!, "http://bridge");
    expect(back.pathname).toBe("/t/default/cas/login");
    expect(back.searchParams.get("service")).toBe(service);
    expect(back.searchParams.get("since")).toMatch(/^\d+\./);
  });

  test("with a session it redirects to the exact service with an ST- ticket of ≥128 bits, stored only as a hash", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const res = await w.login({ service }, cookie);
    const location = res.headers.get("location")!;
    expect(location.startsWith(`${service}&ticket=ST-`)).toBe(true);
    const ticket = w.ticketOf(res);
    expect(ticket).toMatch(/^ST-[0-9a-f]{40}$/);
    const rows = (await w.h.deps.database.client.execute("SELECT * FROM cas_tickets")).rows;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(ticket.slice(3));
    // Kept only sealed (for single logout), under a context naming its row: the master key opens it, nothing else does.
    const { ticket_hash: hash, ticket_sealed: sealed } = rows[0] as unknown as { ticket_hash: string; ticket_sealed: string };
    expect(await w.h.deps.box.open(sealed, `cas_tickets.ticket_sealed:${hash}`)).toBe(ticket);
    await expect(w.h.deps.box.open(sealed, "cas_tickets.ticket_sealed:another")).rejects.toThrow();
    expect(await ticketFor(w, cookie)).not.toBe(ticket);
  });

  test("an unknown service gets an error page, never a redirect — other host, scheme, or a path beside the prefix", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    for (const bad of ["https://evil.example.com/cas/", "http://oa.example.com/cas/x", "https://oa.example.com/cas-evil", "https://oa.example.com:8443/cas/", "https://user@oa.example.com/cas/", "javascript:alert(1)", "https://oa.example.com/cas/#x"]) {
      for (const c of [cookie, undefined]) {
        const res = await w.login({ service: bad, gateway: "true" }, c);
        expect({ bad, status: res.status, location: res.headers.get("location") }).toEqual({ bad, status: 400, location: null });
        expect(await res.text()).toContain("未登记的应用");
      }
    }
    expect((await w.login({ service: "https://OA.example.com/cas/deep/page" }, cookie)).status).toBe(302);
  });

  test("gateway=true without a session returns to the service without a ticket; with one it signs in", async () => {
    w = await casWorld();
    const res = await w.login({ service, gateway: "true" });
    expect(res.headers.get("location")).toBe(service);
    const cookie = await w.signIn();
    expect(w.ticketOf(await w.login({ service, gateway: "true" }, cookie))).toMatch(/^ST-/);
  });

  test("renew=true with a session asks for a new WeLink proof, and only a later proof earns a ticket from a new login", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const sso = await ticketFor(w, cookie);
    const first = await w.login({ service, renew: "true" }, cookie);
    const to = new URL(first.headers.get("location")!, "http://bridge");
    expect(to.pathname).toBe("/t/default/signin");
    expect(to.searchParams.get("renew")).toBe("1");
    const back = to.searchParams.get("return")!;
    // Coming back without a new proof (or with a forged marker) goes to the sign-in page again.
    const again = await w.get(back, cookie);
    expect(new URL(again.headers.get("location")!, "http://bridge").pathname).toBe("/t/default/signin");
    const forged = back.replace(/since=\d+/, `since=${w.now() - 60_000}`);
    expect(new URL((await w.get(forged, cookie)).headers.get("location")!, "http://bridge").pathname).toBe("/t/default/signin");
    w.tick(5_000);
    const renewed = await w.signIn(cookie);
    const res = await w.get(back, renewed);
    expect(res.headers.get("location")!.startsWith(service)).toBe(true);
    const fresh = w.ticketOf(res);
    const ok = await w.validate("p3/serviceValidate", { service, ticket: fresh, renew: "true" });
    expect(await ok.text()).toContain("<cas:isFromNewLogin>true</cas:isFromNewLogin>");
    // A ticket from the single sign-on session fails when the service insists on renew.
    const ssoRenewed = await w.validate("serviceValidate", { service, ticket: sso, renew: "true" });
    expect(await failure(ssoRenewed)).toBe("INVALID_TICKET");
  });

  test("no service: a signed-in page in the browser's language", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const zh = await w.login({}, cookie);
    expect(zh.status).toBe(200);
    expect(await zh.text()).toContain("已登录");
    const en = await w.h.app.request("/t/default/cas/login", { headers: { cookie, "accept-language": "en-US" } });
    expect(await en.text()).toContain("You are signed in with WeLink (OA account zhang.san)");
    expect((await w.get("/t/nobody/cas/login")).status).toBe(404);
  });
});

describe("CAS ticket validation", () => {
  test("/serviceValidate names the OA account; /p3 adds the released attributes, escaped; JSON too; /validate is CAS 1.0", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const v2 = await body(await w.validate("serviceValidate", { service, ticket: await ticketFor(w, cookie) }));
    expect(v2.type).toContain("xml");
    expect(v2.text).toContain("<cas:user>zhang.san</cas:user>");
    expect(v2.text).not.toContain("<cas:attributes>");
    const p3 = (await body(await w.validate("p3/serviceValidate", { service, ticket: await ticketFor(w, cookie) }))).text;
    for (const part of ["<cas:name>张三 &lt;&amp;&gt;</cas:name>", "<cas:email>zhang@example.com</cas:email>", "<cas:employeeId>E007</cas:employeeId>", "<cas:mobile>13800000007</cas:mobile>", "<cas:welinkUserId>wl-user-7</cas:welinkUserId>", "<cas:welinkCorp>wl-acme</cas:welinkCorp>", "<cas:isFromNewLogin>false</cas:isFromNewLogin>"]) {
      expect(p3).toContain(part);
    }
    const json = (await (await w.validate("p3/serviceValidate", { service, ticket: await ticketFor(w, cookie), format: "JSON" })).json()) as { serviceResponse: { authenticationSuccess: { user: string; attributes: Record<string, string> } } };
    expect(json.serviceResponse.authenticationSuccess.user).toBe("zhang.san");
    expect(json.serviceResponse.authenticationSuccess.attributes).toMatchObject({ name: "张三 <&>", welinkCorp: "wl-acme", employeeId: "E007" });
    expect(await (await w.validate("validate", { service, ticket: await ticketFor(w, cookie) })).text()).toBe("yes\nzhang.san\n");
    expect(await (await w.validate("validate", { service, ticket: "ST-0000" })).text()).toBe("no\n\n");
  });

  test("only the attributes the service is given are released", async () => {
    w = await casWorld();
    expect((await w.h.call("PATCH", `/api/v1/sso/cas/services/${w.service.id}`, { tenant: "default", body: { attributes: ["email"] } })).status).toBe(200);
    const cookie = await w.signIn();
    const p3 = await (await w.validate("p3/serviceValidate", { service, ticket: await ticketFor(w, cookie) })).text();
    expect(p3).toContain("<cas:email>");
    expect(p3).not.toContain("<cas:mobile>");
    expect(p3).not.toContain("<cas:name>");
  });

  test("refused: reused, expired (10 s), for another service (then void for its own), unknown, missing parameters, bad format", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const t = await ticketFor(w, cookie);
    expect(await failure(await w.validate("serviceValidate", { service, ticket: t }))).toBeUndefined();
    expect(await failure(await w.validate("serviceValidate", { service, ticket: t }))).toBe("INVALID_TICKET");
    const late = await ticketFor(w, cookie);
    w.tick(10_000);
    expect(await failure(await w.validate("serviceValidate", { service, ticket: late }))).toBe("INVALID_TICKET");
    const inTime = await ticketFor(w, cookie);
    w.tick(9_999);
    expect(await failure(await w.validate("serviceValidate", { service, ticket: inTime }))).toBeUndefined();
    const other = await ticketFor(w, cookie);
    expect(await failure(await w.validate("serviceValidate", { service: `${SERVICE}other`, ticket: other }))).toBe("INVALID_SERVICE");
    expect(await failure(await w.validate("serviceValidate", { service, ticket: other }))).toBe("INVALID_TICKET");
    expect(await failure(await w.validate("serviceValidate", { service, ticket: "ST-deadbeef" }))).toBe("INVALID_TICKET");
    expect(await failure(await w.validate("serviceValidate", { service }))).toBe("INVALID_REQUEST");
    const unused = await ticketFor(w, cookie);
    expect(await failure(await w.validate("serviceValidate", { service, ticket: unused, format: "YAML" }))).toBe("INVALID_REQUEST");
    const json = (await (await w.validate("serviceValidate", { service, ticket: "ST-1", format: "json" })).json()) as { serviceResponse: { authenticationFailure: { code: string } } };
    expect(json.serviceResponse.authenticationFailure.code).toBe("INVALID_TICKET");
  });

  test("a ticket of one tenant does not validate at another tenant's CAS server", async () => {
    w = await casWorld();
    await w.h.tenantToken("tenant-b", ["admin"]);
    const cookie = await w.signIn();
    const t = await ticketFor(w, cookie);
    const res = await w.get(`/t/tenant-b/cas/serviceValidate?${new URLSearchParams({ service, ticket: t })}`);
    expect(await failure(res)).toBe("INVALID_TICKET");
  });

  test("proxying is refused with the spec's errors: pgtUrl, proxy tickets, /proxy", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    const t = await ticketFor(w, cookie);
    expect(await failure(await w.validate("serviceValidate", { service, ticket: t, pgtUrl: "https://oa.example.com/cas/pgt" }))).toBe("INVALID_PROXY_CALLBACK");
    expect(await failure(await w.validate("serviceValidate", { service, ticket: t }))).toBe("INVALID_TICKET");
    const pt = await (await w.validate("proxyValidate", { service, ticket: "PT-1856376-1HMgO86Z2ZKeByc5XdYD" })).text();
    expect(pt).toContain('code="INVALID_TICKET"');
    expect(pt).toContain("proxy ticket");
    expect(await failure(await w.validate("proxyValidate", { service, ticket: await ticketFor(w, cookie) }))).toBeUndefined();
    const proxy = await (await w.validate("proxy", { pgt: "PGT-1", targetService: service })).text();
    expect(proxy).toContain('<cas:proxyFailure code="UNAUTHORIZED_SERVICE">');
  });
});
