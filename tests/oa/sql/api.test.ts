import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { bothServers, DEPTS, PEOPLE, settingsFor } from "./support.ts";

const dbs = bothServers();
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const T = { tenant: "default" };
const json = async <X = Record<string, unknown>>(r: Response) => (await r.json()) as X;

describe.each(["MariaDB", "PostgreSQL"] as const)("OA connection of type sql on %s, through the API", (name) => {
  const db = () => dbs.find((d) => d.name === name)!;
  const save = (extra: Record<string, unknown> = {}, secrets: unknown = { password: db().password }) =>
    h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "sql", settings: settingsFor(db()), ...(secrets ? { secrets } : {}), ...extra } });

  test("saved with its password sealed and masked, tested in words, refreshed in full into the snapshot", async () => {
    const saved = await save();
    expect(saved.status).toBe(200);
    const view = await json<{ secrets: { password: string }; settings: { url: string } }>(saved);
    expect(view.secrets.password).toContain("••");
    expect(view.secrets.password).not.toContain(db().password);
    expect(view.settings.url).toBe(db().url);
    const raw = await h.deps.database.client.execute("SELECT settings, secrets FROM oa_connections");
    expect(JSON.stringify(raw.rows)).not.toContain(db().password);
    // Saved again without the password: it is kept.
    expect((await save({}, null)).status).toBe(200);
    const tested = await json(await h.call("POST", "/api/v1/oa/connection/test", T));
    expect(tested).toMatchObject({ ok: true, code: "OA_TEST_SQL", params: { departments: DEPTS, people: 500, authName: "oa_reader" } });
    const run = await json(await h.call("POST", "/api/v1/oa/refresh", T));
    expect(run).toMatchObject({ status: "ok", departments: DEPTS, users: PEOPLE });
    const dir = await json(await h.call("GET", "/api/v1/oa/directory", T));
    expect(dir).toMatchObject({ connection: "sql", departments: DEPTS, users: PEOPLE });
    const found = await json<{ items: { id: string; name: string; active: boolean; partTimeDeptIds: string[] }[] }>(await h.call("GET", "/api/v1/oa/users?q=user20@oa.example.cn", T));
    expect(found.items.map((u) => [u.id, u.partTimeDeptIds])).toEqual([["20", ["22", "23"]]]);
    expect(h.logs.join("\n")).not.toContain(db().password);
  });

  test("a statement that is not one SELECT is refused on save, under its setting's path", async () => {
    const res = await save({ settings: settingsFor(db(), { departmentsQuery: "SELECT 1 AS id; DELETE FROM org_dept" }) });
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body).toContain("departmentsQuery");
    expect(body).toContain("2 statements");
  });

  test("a URL that carries a password is refused, so no password ever sits in the settings", async () => {
    const res = await save({ settings: settingsFor(db(), { url: db().url.replace("oa_reader@", "oa_reader:secret@") }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("password field");
  });

  test("a failing test answers problem+json with the catalog code, without the password", async () => {
    await save({}, { password: "not-it" });
    const res = await h.call("POST", "/api/v1/oa/connection/test", T);
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await json<{ code: string; detail: string }>(res);
    expect(problem.code).toBe("OA_SQL_AUTH_FAILED");
    expect(problem.detail).toContain("refused user oa_reader");
    expect(JSON.stringify(problem)).not.toContain("not-it");
  });
});
