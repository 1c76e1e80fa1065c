import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { welinkDepts, welinkUsers } from "../../../src/directory/schema.ts";
import { syncChanges, syncRuns } from "../../../src/directory/schema.ts";
import { createApp } from "../../../src/app.ts";
import { buildDeps } from "../../../src/deps.ts";
import { createLogger } from "../../../src/kernel/log.ts";
import { decryptCallback, encryptCallback } from "../../../src/welink/callback-crypto.ts";
import { startWorld, type World } from "../../login/entry/support.ts";

let w: World;
let receiver: string;

beforeAll(async () => {
  w = await startWorld({ serve: true });
  receiver = `${w.bridgeUrl}/callbacks/welink/${w.appKey}`;
});
afterAll(() => w.stop());

const sandbox = (method: string, path: string, body?: unknown) =>
  fetch(`${w.sandbox.baseUrl}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

const userRow = async (userId: string) =>
  (await w.h.deps.db.select().from(welinkUsers).where(and(eq(welinkUsers.corpId, w.corpId), eq(welinkUsers.userId, userId))))[0];
const callbackRuns = () => w.h.deps.db.select().from(syncRuns).where(and(eq(syncRuns.corpId, w.corpId), eq(syncRuns.kind, "callback")));

async function until<T>(probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await Bun.sleep(25);
  }
}

const post = (body: unknown, key = w.appKey) => w.h.app.request(`/callbacks/welink/${key}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const sealed = (payload: Record<string, unknown>, secret = w.sandbox.app.clientSecret) => ({ encrypt: encryptCallback(secret, JSON.stringify(payload)) });

describe("WeLink contact-change callbacks", () => {
  test("the sandbox accepts the bridge's callback URL (its URL-check event gets an encrypted success)", async () => {
    const res = await sandbox("PUT", `/_sandbox/apps/${w.sandbox.app.clientId}/callback`, { url: receiver });
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 200, body: { callbackUrl: receiver } });
  });

  test("a person changed in WeLink is fetched and applied, recorded as a callback run with its change", async () => {
    const person = [...w.sandbox.sb.org.users.values()][0]!;
    const res = await sandbox("PATCH", `/_sandbox/users/${person.userId}`, { userNameCn: "回调改名" });
    expect(res.status).toBe(200);
    const row = await until(async () => ((await userRow(person.userId))?.nameCn === "回调改名" ? userRow(person.userId) : undefined));
    expect(row?.removedAt).toBeNull();
    const [run] = await until(async () => ((await callbackRuns()).some((r) => r.status === "ok") ? callbackRuns() : undefined));
    expect(run).toMatchObject({ kind: "callback", trigger: "callback", status: "ok", added: 1 });
    const changes = await w.h.deps.db.select().from(syncChanges).where(eq(syncChanges.runId, run!.id));
    expect(changes).toMatchObject([{ object: "user", objectId: person.userId, action: "add" }]);

    // A second edit of the same person is an update with before → after.
    await sandbox("PATCH", `/_sandbox/users/${person.userId}`, { userNameCn: "再改一次" });
    await until(async () => ((await userRow(person.userId))?.nameCn === "再改一次" ? true : undefined));
    const runs = await until(async () => ((await callbackRuns()).filter((r) => r.updated === 1).length ? callbackRuns() : undefined));
    const update = runs.find((r) => r.updated === 1)!;
    const [change] = await w.h.deps.db.select().from(syncChanges).where(eq(syncChanges.runId, update.id));
    expect(JSON.parse(change!.after!)).toEqual({ nameCn: "再改一次" });
  });

  test("a person deleted in WeLink is marked removed", async () => {
    const person = [...w.sandbox.sb.org.users.values()][0]!;
    expect((await sandbox("DELETE", `/_sandbox/users/${person.userId}`)).status).toBe(200);
    const row = await until(async () => ((await userRow(person.userId))?.removedAt ? userRow(person.userId) : undefined));
    expect(row?.removedAt).toBeNumber();
  });

  test("a department changed in WeLink is applied to the mirror", async () => {
    const dept = [...w.sandbox.sb.org.depts.values()].find((d) => d.deptCode !== "0")!;
    expect((await sandbox("PATCH", `/_sandbox/depts/${dept.deptCode}`, { deptNameCn: "回调部门" })).status).toBe(200);
    const row = await until(async () => {
      const rows = await w.h.deps.db.select().from(welinkDepts).where(and(eq(welinkDepts.corpId, w.corpId), eq(welinkDepts.deptCode, dept.deptCode)));
      return rows[0]?.nameCn === "回调部门" ? rows[0] : undefined;
    });
    expect(row.removedAt).toBeNull();
  });

  test("the reply is encrypted with the app's secret and echoes the timestamp (a number is accepted too)", async () => {
    const timestamp = Math.floor(w.h.deps.clock.now() / 1000);
    const res = await post(sealed({ eventType: "test", timestamp }));
    expect(res.status).toBe(200);
    const { encrypt } = (await res.json()) as { encrypt: string };
    expect(JSON.parse(decryptCallback(w.sandbox.app.clientSecret, encrypt))).toEqual({ msg: "success", timestamp });
  });

  test("an event reaches only the corp of the app key it came to, never another tenant's integration of the same enterprise", async () => {
    const tokenB = await w.h.tenantToken("tenant-b", ["admin", "read"]);
    const asB = async (method: string, path: string, body?: unknown) => (await w.h.call(method, path, { token: tokenB, body })).json() as Promise<Record<string, string>>;
    const corpB = await asB("POST", "/api/v1/corps", { name: "B企业", welinkTenantId: w.sandbox.sb.settings.tenantId, apiBaseUrl: w.sandbox.baseUrl });
    const appB = await asB("POST", `/api/v1/corps/${corpB.id}/apps`, { name: "B 应用", clientId: w.sandbox.app.clientId, clientSecret: w.sandbox.app.clientSecret });
    const rowsOf = (corpId: string, userId: string) => w.h.deps.db.select().from(welinkUsers).where(and(eq(welinkUsers.corpId, corpId), eq(welinkUsers.userId, userId)));
    const runsOf = (corpId: string) => w.h.deps.db.select().from(syncRuns).where(eq(syncRuns.corpId, corpId));

    const person = [...w.sandbox.sb.org.users.values()][2]!;
    const event = () => sealed({ eventType: "corpEditUser", timestamp: String(Math.floor(w.h.deps.clock.now() / 1000)), data: [{ userId: person.userId, tenantId: w.sandbox.sb.settings.tenantId }] });
    expect((await post(event())).status).toBe(200);
    await until(async () => ((await rowsOf(w.corpId, person.userId)).length ? true : undefined));
    expect(await rowsOf(corpB.id!, person.userId)).toEqual([]);
    expect(await runsOf(corpB.id!)).toEqual([]);
    // Tenant B's token does not see tenant A's directory either.
    expect((await w.h.call("GET", `/api/v1/corps/${w.corpId}/welink/people/${person.userId}`, { token: tokenB })).status).toBe(404);

    // Through B's own app key the same event lands in B's mirror only.
    const runsOfA = (await runsOf(w.corpId)).length;
    expect((await post(event(), appB.appKey)).status).toBe(200);
    const [inB] = await until(async () => ((await rowsOf(corpB.id!, person.userId)).length ? rowsOf(corpB.id!, person.userId) : undefined));
    expect(inB!.tenantId).not.toBe((await rowsOf(w.corpId, person.userId))[0]!.tenantId);
    expect((await runsOf(w.corpId)).length).toBe(runsOfA);
    const card = (await asB("GET", `/api/v1/corps/${corpB.id}/welink/people/${person.userId}`)) as unknown as { person: { userId: string } };
    expect(card.person.userId).toBe(person.userId);
  });

  test("a stale timestamp or another secret is refused and applies nothing", async () => {
    const person = [...w.sandbox.sb.org.users.values()][1]!;
    const before = (await callbackRuns()).length;
    const event = { eventType: "corpEditUser", data: [{ userId: person.userId, tenantId: w.sandbox.sb.settings.tenantId }] };
    const stale = await post(sealed({ ...event, timestamp: String(Math.floor(w.h.deps.clock.now() / 1000) - 31 * 60) }));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { code: string }).code).toBe("CALLBACK_STALE");
    const forged = await post(sealed({ ...event, timestamp: String(Math.floor(w.h.deps.clock.now() / 1000)) }, "not-the-secret"));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe("CALLBACK_UNAUTHENTICATED");
    expect((await post({ nothing: true })).status).toBe(400);
    expect((await post(sealed({ eventType: "test", timestamp: "1" }), "no-such-app")).status).toBe(404);
    expect((await callbackRuns()).length).toBe(before);
    expect(await userRow(person.userId)).toBeUndefined();
  });

  test("the same sealed body posted again, in another spelling or to a second process on the database, is answered success and applies nothing", async () => {
    const person = [...w.sandbox.sb.org.users.values()][3]!;
    const timestamp = String(Math.floor(w.h.deps.clock.now() / 1000));
    const body = sealed({ eventType: "corpEditUser", timestamp, data: [{ userId: person.userId, tenantId: w.sandbox.sb.settings.tenantId }] });
    expect((await post(body)).status).toBe(200);
    expect((await userRow(person.userId))?.removedAt).toBeNull();
    const runs = (await callbackRuns()).length;

    const replies: string[] = [];
    const again = async (res: Response | Promise<Response>) => {
      const r = await res;
      expect(r.status).toBe(200);
      replies.push(decryptCallback(w.sandbox.app.clientSecret, ((await r.json()) as { encrypt: string }).encrypt));
    };
    await again(post(body));
    // The IV's last base64 character carries 4 unused bits: another letter decodes to the same bytes.
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const at = b64.indexOf(body.encrypt[21]!);
    await again(post({ encrypt: `${body.encrypt.slice(0, 21)}${b64[at ^ 1]}${body.encrypt.slice(22)}` }));
    // A second process on the same database (or this one after a restart) remembers it too.
    const other = await buildDeps(w.h.config, { clock: w.h.deps.clock, log: createLogger("error", () => undefined) });
    try {
      await again(createApp(other).request(`/callbacks/welink/${w.appKey}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    } finally {
      other.database.close();
    }
    expect(replies.map((r) => JSON.parse(r))).toEqual(Array(3).fill({ msg: "success", timestamp }));
    expect((await callbackRuns()).length).toBe(runs);
    expect(w.h.logs.some((l) => l.includes("replayed"))).toBe(true);
  });

  test("a delete event for a person or department WeLink still has removes nothing: WeLink is asked first", async () => {
    const person = [...w.sandbox.sb.org.users.values()][4]!;
    const dept = [...w.sandbox.sb.org.depts.values()].find((d) => d.deptCode !== "0" && w.sandbox.sb.org.depts.has(d.deptCode))!;
    const now = () => String(Math.floor(w.h.deps.clock.now() / 1000));
    const tenantId = w.sandbox.sb.settings.tenantId;
    expect((await post(sealed({ eventType: "corpEditUser", timestamp: now(), data: [{ userId: person.userId, tenantId }] }))).status).toBe(200);
    expect((await post(sealed({ eventType: "corpEditDept", timestamp: now(), data: [{ deptCode: dept.deptCode, tenantId }] }))).status).toBe(200);
    const deptRow = async () => (await w.h.deps.db.select().from(welinkDepts).where(and(eq(welinkDepts.corpId, w.corpId), eq(welinkDepts.deptCode, dept.deptCode))))[0];
    expect((await userRow(person.userId))?.removedAt).toBeNull();
    expect((await deptRow())?.removedAt).toBeNull();

    expect((await post(sealed({ eventType: "corpDelUser", timestamp: now(), data: [{ userId: person.userId, tenantId }] }))).status).toBe(200);
    expect((await post(sealed({ eventType: "corpDelDept", timestamp: now(), data: [{ deptCode: dept.deptCode, tenantId }] }))).status).toBe(200);
    expect((await userRow(person.userId))?.removedAt).toBeNull();
    expect((await deptRow())?.removedAt).toBeNull();
  });
});
