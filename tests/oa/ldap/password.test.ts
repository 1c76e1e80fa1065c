import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { oaConnectorFor } from "../../../src/oa/index.ts";
import type { OaConnector } from "../../../src/oa/contract.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { adSettings, connection, ldapSettings } from "./support.ts";

let h: Harness;
let d: Slapd;
let tenantId: string;
beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
  h = await startHarness();
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
});
afterAll(() => {
  h?.close();
  d?.stop();
});

async function connectorWith(settings: unknown): Promise<OaConnector> {
  expect((await h.call("PUT", "/api/v1/oa/connection", { tenant: "default", body: connection(settings, d.reader.password) })).status).toBe(200);
  return oaConnectorFor(h.deps, tenantId);
}

describe("LDAP password check: find the DN, bind as it", () => {
  test("right password: the person; wrong or empty: nobody", async () => {
    const oa = await connectorWith(ldapSettings(d));
    expect(await oa.verifyPassword("u000042", "pw-u000042")).toMatchObject({ account: "u000042", active: true, email: "u000042@example.com" });
    expect(await oa.verifyPassword("u000042", "pw-u000043")).toBeUndefined();
    expect(await oa.verifyPassword("u000042", "")).toBeUndefined();
    expect(await oa.verifyPassword("nobody", "pw-nobody")).toBeUndefined();
    // A disabled person is found (the binding page then says they are disabled).
    expect(await oa.verifyPassword("u000007", "pw-u000007")).toMatchObject({ active: false });
  });

  test("people whose DN has escaped characters (comma, plus, quotes) can sign in", async () => {
    const oa = await connectorWith(ldapSettings(d));
    for (const uid of ["escaped.comma", "escaped.plus", "escaped.quote"]) {
      expect(await oa.verifyPassword(uid, `pw-${uid}`)).toMatchObject({ account: uid });
      expect(await oa.verifyPassword(uid, "wrong")).toBeUndefined();
    }
  });

  test("filter metacharacters in the account match nobody: no LDAP injection", async () => {
    const oa = await connectorWith(ldapSettings(d));
    // Pasted into a filter, the first two would match exactly u000042 and sign them in.
    for (const account of ["u000042*", "u000042)(mail=u000042@example.com", "*", "u00004*", "*)(uid=*", "u000042)(|(uid=*", "u000042)(objectClass=*", "\\2a", "u000042\u0000"]) {
      expect(await oa.verifyPassword(account, "pw-u000042")).toBeUndefined();
    }
    // The reader's own password does not sign anyone in either.
    expect(await oa.verifyPassword("*", d.reader.password)).toBeUndefined();
  });

  test("AD preset: by sAMAccountName, the id is the objectGUID", async () => {
    const oa = await connectorWith(adSettings(d));
    expect(await oa.verifyPassword("engineering5", "pw-engineering5")).toMatchObject({ id: d.facts.ad.guidOf.get("engineering5") });
    expect(await oa.verifyPassword("engineering5", "pw-engineering6")).toBeUndefined();
  });

  test("a directory that is down is an error, not a wrong password", async () => {
    const oa = await connectorWith(ldapSettings(d, { url: "ldap://127.0.0.1:1" }));
    await expect(oa.verifyPassword("u000042", "pw-u000042")).rejects.toMatchObject({ code: "OA_LDAP_UNREACHABLE" });
  });
});
