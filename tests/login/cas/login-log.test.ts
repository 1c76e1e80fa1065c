import { afterEach, describe, expect, test } from "bun:test";
import * as client from "openid-client";
import { signedIn } from "../../helpers/admin-client.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { authorizeWith, oidcWorld, type OidcWorld } from "../oidc/support.ts";
import { casWorld, type CasWorld } from "./support.ts";

let w: CasWorld | undefined;
let o: OidcWorld | undefined;
afterEach(() => {
  w?.h.close();
  o?.close();
  w = o = undefined;
});

type Entry = { channel: string; result: string; reason: string; oaAccount: string | null; userName: string | null; welinkUserId: string | null; corpId: string | null; userAgent: string | null };
const entries = async (h: CasWorld["h"]) => ((await (await h.call("GET", "/api/v1/login-log?limit=50", { tenant: "default" })).json()) as { items: Entry[] }).items.reverse();

describe("CAS /login and OIDC /authorize in the login log", () => {
  test("CAS: ticket issued (with the person), unknown service, renew required, gateway without session; never a ticket", async () => {
    w = await casWorld();
    const service = "https://oa.example.com/cas/app";
    expect((await w.login({ service, gateway: "true" })).headers.get("location")).toBe(service);
    const cookie = await w.signIn();
    const ticket = w.ticketOf(await w.login({ service }, cookie));
    await w.login({ service: "https://evil.example.com/" }, cookie);
    w.tick(1000);
    expect(new URL((await w.login({ service, renew: "true" }, cookie)).headers.get("location")!, "http://b").pathname).toBe("/t/default/signin");
    const log = await entries(w.h);
    expect(log.map((e) => [e.channel, e.result, e.reason])).toEqual([
      ["cas", "failed", "CAS_GATEWAY_NO_SESSION"],
      ["cas", "ok", "CAS_TICKET_ISSUED"],
      ["cas", "failed", "CAS_UNKNOWN_SERVICE"],
      ["cas", "failed", "CAS_RENEW_REQUIRED"],
    ]);
    expect(log[0]).toMatchObject({ oaAccount: null, welinkUserId: null });
    for (const e of log.slice(1)) expect(e).toMatchObject({ oaAccount: "zhang.san", userName: "张三 <&>", welinkUserId: "wl-user-7", corpId: w.corp.id });
    expect(JSON.stringify(log)).not.toContain(ticket);
  });

  test("CAS: a person gone from the OA directory is logged as refused", async () => {
    w = await casWorld();
    const cookie = await w.signIn();
    await w.h.deps.database.client.execute("UPDATE oa_users SET active = 0");
    await w.login({ service: "https://oa.example.com/cas/app" }, cookie);
    expect((await entries(w.h)).map((e) => e.reason)).toEqual(["SSO_NO_ACCOUNT"]);
  });

  test("OIDC: code issued with the person, login_required, unknown client; the detour to sign in is not an entry", async () => {
    o = await oidcWorld();
    const reg = await o.register("public");
    const config = await o.configFor(reg.clientId, client.None());
    await authorizeWith(o, config, { prompt: "none" });
    await authorizeWith(o, config); // to the sign-in page: not logged
    await o.signIn();
    const issued = await authorizeWith(o, config);
    const code = new URL(issued.location).searchParams.get("code")!;
    expect(code).toBeTruthy();
    await o.visit(`${o.issuer}/authorize?client_id=oidc_nobody&response_type=code`);
    const log = await entries(o.h);
    expect(log.map((e) => [e.channel, e.result, e.reason])).toEqual([
      ["oidc", "failed", "OIDC_LOGIN_REQUIRED"],
      ["oidc", "ok", "OIDC_CODE_ISSUED"],
      ["oidc", "failed", "OIDC_UNKNOWN_CLIENT"],
    ]);
    expect(log[1]).toMatchObject({ oaAccount: "zhangsan", userName: "张三", welinkUserId: "wl-42" });
    expect(JSON.stringify(log)).not.toContain(code);
    // The admin page filters by the new channel and says each reason in Chinese.
    const admin = await signedIn(o.h.app, "admin", ADMIN_PASSWORD);
    const page = await admin.getText("/admin/login-log?channel=oidc&tenant=default");
    expect(page.status).toBe(200);
    expect(page.html).toContain("OIDC：已向客户端签发授权码");
    expect(page.html).toContain("<code>OIDC_LOGIN_REQUIRED</code>");
    expect(page.html).toContain("OIDC 单点登录");
  });
});
