import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterEach, expect, test } from "bun:test";
import { Client } from "ldapts";
import type { OaUserWrite } from "../../../src/oa/contract.ts";
import { LdapOaSettings } from "../../../src/oa/ldap/settings.ts";
import { createLdapWriter } from "../../../src/oa/ldap/writer.ts";
import type { OaUserDesired } from "../../../src/sync/to-welink/types.ts";
import { freePort, serveBridge, until } from "../../helpers/cli.ts";
import { ADMIN_TOKEN } from "../../helpers/harness.ts";
import { WRITE_DN } from "../../helpers/ldap-tree.ts";
import { startSandbox } from "../../helpers/sandbox.ts";
import type { Slapd } from "../../helpers/slapd.ts";
import { rows } from "../from-welink/support.ts";
import { asPull, welinkDept } from "../to-welink/support.ts";
import { type LdapWorld, startLdapWorld, writeOuSecrets, writeOuSettings } from "./ldap-support.ts";
import { welinkPerson } from "./support.ts";

/*
 * The crash drill of the write-back into slapd: the bridge as the operator runs it (a child
 * process) writes WeLink's organisation into the directory's write OU, is killed with SIGKILL
 * once slapd holds part of it, and started again. The run resumes from its journal; slapd then
 * holds every OU and every person exactly once, each person in their department, all bound.
 * The kill's race — an add that reached slapd whose journal row was not written — is also made
 * certain (the kill alone lands in it only sometimes): one pending person is added the way the
 * first call would have, and their item left `started`.
 */

const PEOPLE = 300;
const DEPTS = 10;
const TOP = "崩溃演练总部";

let world: LdapWorld | undefined;
let child: ReturnType<typeof Bun.spawn> | undefined;
let root: Client | undefined;
afterEach(async () => {
  child?.kill(9);
  child = undefined;
  await root?.unbind().catch(() => undefined);
  root = undefined;
  world?.close();
  world = undefined;
});

async function rootClient(d: Slapd): Promise<Client> {
  const c = new Client({ url: d.url });
  await c.bind(d.root.dn, d.root.password);
  return c;
}
const under = async (c: Client, filter: string, attributes: string[]) => (await c.search(WRITE_DN, { scope: "sub", filter, attributes })).searchEntries;
const text = (v: unknown) => String(Array.isArray(v) ? v[0] : v);
/** The value of the first RDN of a DN's parent (its OU's name); the server returns DNs unescaped for these names. */
const parentOu = (dn: string) => dn.split(",")[1]!.replace(/^ou=/i, "");

test("a write-back into slapd killed mid-apply (kill -9) resumes from its journal: every OU and person once, in their OU, all bound", async () => {
  const rs = startSandbox({ settings: { rateLimits: { enabled: false, perAppApiPerSecond: 1e9, perAppApiPerMinute: 1e9, perIpPer20s: 1e9 } } });
  const w = (world = await startLdapWorld({ sandbox: rs }));
  const top = welinkDept(rs.sb, TOP);
  const deptNames = [TOP, ...Array.from({ length: DEPTS - 1 }, (_, i) => `演练部门${i}`)];
  const depts = [top, ...deptNames.slice(1).map((n) => welinkDept(rs.sb, n, top))];
  const people = Array.from({ length: PEOPLE }, (_, i) => welinkPerson(rs.sb, `演练员工${i}`, depts[i % DEPTS]!));
  /** uid (the account: the employee number) → the name of the OU the person belongs in. */
  const ouOf = new Map(people.map((id, i) => [rs.sb.org.users.get(id)!.employeeId!, deptNames[i % DEPTS]!]));
  const c = (root = await rootClient(w.d));

  const port = freePort();
  child = await serveBridge(w.h.config.databaseUrl, port);
  const started = await fetch(`http://127.0.0.1:${port}/api/v1/corps/${w.corpId}/writeback`, {
    method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default" },
  });
  expect(started.status).toBe(202);
  const { id: runId } = (await started.json()) as { id: string };
  await until("slapd to hold part of the write-back", async () => (await under(c, "(objectClass=inetOrgPerson)", ["1.1"])).length >= 60, 20_000);
  child.kill(9);
  await child.exited;
  expect((await under(c, "(objectClass=inetOrgPerson)", ["1.1"])).length).toBeLessThan(PEOPLE);

  // The race made certain: the last pending person's add reaches slapd, their journal row stays `started`.
  const items = await rows(asPull(w), "SELECT seq, object, state, welink_id, oa_id, desired FROM push_items WHERE run_id = ? ORDER BY seq", [runId]);
  const pending = items.filter((it) => it.object === "user" && it.state === "planned").at(-1)!;
  const deptIds = new Map(items.filter((it) => it.object === "dept" && it.state === "done").map((it) => [String(it.welink_id), String(it.oa_id)]));
  const { mainDept, ...fields } = JSON.parse(String(pending.desired)) as OaUserDesired;
  const write: OaUserWrite = { ...fields, mainDeptId: mainDept && "deptCode" in mainDept ? deptIds.get(mainDept.deptCode)! : mainDept!.oaDeptId };
  const writer = createLdapWriter(LdapOaSettings.parse(writeOuSettings(w.d)), writeOuSecrets(w.d), LOCAL_NET);
  const raced = await writer.createUser(`${runId}:${pending.seq}`, write);
  await w.h.deps.database.client.execute({ sql: "UPDATE push_items SET state = 'started', attempts = 1 WHERE run_id = ? AND seq = ?", args: [runId, Number(pending.seq)] });

  child = await serveBridge(w.h.config.databaseUrl, port);
  const run = async () => (await rows(asPull(w), "SELECT status, added, failed FROM sync_runs WHERE id = ?", [runId]))[0]!;
  await until("the resumed run to end", async () => (await run()).status !== "running", 20_000);
  expect(await run()).toMatchObject({ status: "ok", added: PEOPLE + DEPTS, failed: 0 });

  // Every OU once, the departments under the top one.
  const ous = (await under(c, "(objectClass=organizationalUnit)", ["ou"])).filter((e) => e.dn !== WRITE_DN);
  expect(ous.map((e) => text(e.ou)).sort()).toEqual([...deptNames].sort());
  for (const e of ous) expect(parentOu(e.dn)).toBe(text(e.ou) === TOP ? "写回" : TOP);
  // Every person once (no uid twice, no second entry under another RDN), each in their OU.
  const entries = await under(c, "(objectClass=inetOrgPerson)", ["uid", "entryUUID"]);
  expect(entries.length).toBe(PEOPLE);
  const uids = entries.map((e) => text(e.uid));
  expect(new Set(uids).size).toBe(PEOPLE);
  for (const e of entries) expect([e.dn.split(",")[0], parentOu(e.dn)]).toEqual([`uid=${text(e.uid)}`, ouOf.get(text(e.uid))]);
  // Everyone bound, each to their own entry; the raced person to the entry added before the restart.
  const bound = await rows(asPull(w), "SELECT welink_user_id, oa_user_id FROM bindings WHERE corp_id = ?", [w.corpId]);
  expect(bound.length).toBe(PEOPLE);
  expect(new Set(bound.map((b) => String(b.oa_user_id)))).toEqual(new Set(entries.map((e) => text(e.entryUUID))));
  expect(bound.find((b) => b.welink_user_id === pending.welink_id)?.oa_user_id).toBe(raced.id);
  expect(await rows(asPull(w), "SELECT dept_code FROM dept_bindings WHERE corp_id = ?", [w.corpId])).toHaveLength(DEPTS);
}, 60_000);
