import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InvalidCredentialsError } from "ldapts";
import { enterAs, type FlowWorld, lastLog, startFlowWorld, T } from "../flows-support.ts";
import { EntryClient, inputValue } from "../../login/entry/support.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { isLockedOut, PasswordPolicyControl, policyError } from "../../../src/oa/ldap/lockout.ts";
import { connection, ldapSettings } from "./support.ts";

/** The directory's own lockout (OpenLDAP's ppolicy overlay) on the binding page's password check. */
let d: Slapd;
let w: FlowWorld;
beforeAll(async () => {
  d = await startSlapd({ people: 100, ppolicy: { maxFailure: 3 } });
  w = await startFlowWorld(connection(ldapSettings(d), d.reader.password));
});
afterAll(() => {
  w?.stop();
  d?.stop();
});

const WRONG = ["wrong-Pw-1", "wrong-Pw-2", "wrong-Pw-3"];

async function audits(): Promise<Record<string, unknown>[]> {
  const body = (await (await w.h.call("GET", "/api/v1/audit?action=binding.password&limit=50", T)).json()) as { items: { after: Record<string, unknown> }[] };
  return body.items.map((i) => i.after).reverse();
}

describe("a person the directory has locked, on the binding page", () => {
  test("after the directory's 3 wrong passwords the page says the account is locked in the directory, even for the right password; no binding, not counted", async () => {
    const client = new EntryClient(w.h.app);
    expect((await enterAs(w, w.stranger, client)).headers.get("location")).toBe(`/h/${w.appKey}/bind`);
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const post = (password: string) => client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: "u000050", password });
    for (const [i, password] of WRONG.entries()) {
      const res = await post(password);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain(`还可尝试 ${4 - i} 次`);
    }
    // The directory now refuses even the right password: said as a lock, not as a fourth wrong password.
    for (const password of ["pw-u000050", "wrong-Pw-4"]) {
      const locked = await post(password);
      expect(locked.status).toBe(423);
      const page = await locked.text();
      expect(page).toContain("已被目录服务器（LDAP / AD）锁定");
      expect(page).toContain("请联系 IT 管理员解锁");
      expect(page).not.toContain("还可尝试");
      expect(await lastLog(w)).toMatchObject({ result: "failed", reason: "BIND_DIRECTORY_LOCKED", oaAccount: "u000050" });
    }
    const bindings = (await (await w.h.call("GET", `/api/v1/corps/${w.corpId}/bindings`, T)).json()) as { items: unknown[] };
    expect(bindings.items).toEqual([]);
    const results = (await audits()).map((a) => a.result);
    expect(results).toEqual(["wrong-password", "wrong-password", "wrong-password", "directory-locked", "directory-locked"]);
    // The bridge's own count stayed at 3: a wrong password for another account is its 4th, one left.
    const other = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: "u000051", password: "wrong-Pw-5" });
    expect(await other.text()).toContain("还可尝试 1 次");
  });

  test("no password typed ever shows in the logs, the audit trail or the login log", async () => {
    const audit = JSON.stringify(await (await w.h.call("GET", "/api/v1/audit?limit=200", T)).json());
    const log = JSON.stringify(await (await w.h.call("GET", "/api/v1/login-log?limit=200", T)).json());
    const raw = JSON.stringify((await w.h.deps.database.client.execute("SELECT * FROM audit_log")).rows);
    for (const secret of [...WRONG, "wrong-Pw-4", "wrong-Pw-5", "pw-u000050"]) {
      for (const text of [w.h.logs.join("\n"), audit, log, raw]) expect(text).not.toContain(secret);
    }
    expect(audit).toContain("directory-locked");
  });

  test("the English page says the same", async () => {
    const client = new EntryClient(w.h.app);
    await enterAs(w, w.stranger, client);
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const res = await w.h.app.request(`/h/${w.appKey}/bind`, {
      method: "POST",
      body: new URLSearchParams({ nonce: inputValue(form, "nonce") ?? "", account: "u000050", password: "pw-u000050" }),
      headers: { cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
    });
    expect(res.status).toBe(423);
    expect(await res.text()).toContain("locked in the directory (LDAP / AD)");
  });
});

describe("telling a locked account from a wrong password", () => {
  test("OpenLDAP: the password policy response control's error accountLocked (1); other errors and warnings are not a lock", () => {
    // SEQUENCE { error [1] accountLocked }
    expect(policyError(Buffer.from([0x30, 0x03, 0x81, 0x01, 0x01]))).toBe(1);
    // SEQUENCE { warning [0] { graceAuthNsRemaining [1] 2 }, error [1] passwordExpired }
    expect(policyError(Buffer.from([0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x02, 0x81, 0x01, 0x00]))).toBe(0);
    expect(policyError(Buffer.from([0x30, 0x00]))).toBeUndefined();
    const control = new PasswordPolicyControl();
    expect(isLockedOut(new InvalidCredentialsError(""), control)).toBe(false);
    control.error = 1;
    expect(isLockedOut(new InvalidCredentialsError(""), control)).toBe(true);
    control.error = 0;
    expect(isLockedOut(new InvalidCredentialsError(""), control)).toBe(false);
  });

  test("Active Directory: result 49 whose diagnostic message holds data 775; data 52e (wrong password) is not a lock", () => {
    const ad = (data: string) => new InvalidCredentialsError(`80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data ${data}, v3839`);
    expect(isLockedOut(ad("775"), new PasswordPolicyControl())).toBe(true);
    expect(isLockedOut(ad("52e"), new PasswordPolicyControl())).toBe(false);
    expect(isLockedOut(new Error("data 775"), new PasswordPolicyControl())).toBe(false);
  });
});
