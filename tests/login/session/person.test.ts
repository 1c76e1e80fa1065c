import { afterEach, describe, expect, test } from "bun:test";
import { casPersonOf } from "../../../src/login/cas/person.ts";
import { claimsFor } from "../../../src/login/oidc/userinfo.ts";
import { sessionPersonOf } from "../../../src/login/session/person.ts";
import { casWorld, type CasWorld } from "../cas/support.ts";

let w: CasWorld | undefined;
afterEach(() => {
  w?.h.close();
  w = undefined;
});

describe("one reading of a session's OA person for CAS and OIDC", () => {
  test("CAS attributes and OIDC claims release the same facts; a person inactive in the OA directory gets neither", async () => {
    w = await casWorld();
    const session = { tenantId: w.tenant.id, oaUserId: "oa-7", corpId: w.corp.id, welinkUserId: "wl-user-7" };
    expect(await sessionPersonOf(w.h.deps, session)).toEqual({
      oaUserId: "oa-7", account: "zhang.san", name: "张三 <&>", mobile: "13800000007", email: "zhang@example.com", employeeId: "E007",
      welinkUserId: "wl-user-7", welinkCorp: "wl-acme", welinkCorpName: "Acme总部",
    });
    const cas = (await casPersonOf(w.h.deps, session))!;
    const claims = await claimsFor(w.h.deps, w.tenant.id, session, ["openid", "profile", "email", "phone"]);
    expect(cas.user).toBe(claims.preferred_username!);
    expect([cas.attributes.name, cas.attributes.email, cas.attributes.mobile, cas.attributes.welinkUserId, cas.attributes.welinkCorp]).toEqual([
      claims.name!, claims.email!, claims.phone_number!, claims.welink_user_id!, claims.welink_corp!,
    ]);
    expect(cas.attributes.employeeId).toBe("E007");

    await w.h.deps.database.client.execute("UPDATE oa_users SET active = 0 WHERE id = 'oa-7'");
    expect(await sessionPersonOf(w.h.deps, session)).toBeUndefined();
    expect(await casPersonOf(w.h.deps, session)).toBeUndefined();
    // OIDC keeps only what the session itself knows.
    expect(await claimsFor(w.h.deps, w.tenant.id, session, ["openid", "profile", "email", "phone"])).toEqual({ sub: "oa-7", welink_user_id: "wl-user-7" });
    // Another tenant's id finds nobody.
    expect(await sessionPersonOf(w.h.deps, { ...session, tenantId: "another-tenant" })).toBeUndefined();
  });
});
