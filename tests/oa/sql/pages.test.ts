import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { AdminClient, signedIn } from "../../helpers/admin-client.ts";
import { SQL_GENERIC_PRESET } from "../../../src/oa/sql/presets.ts";
import { bothServers } from "./support.ts";

const dbs = bothServers();
let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function inDefaultTenant(): Promise<AdminClient> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

/** The form as a person fills it: the generic preset, adapted to the test OA's columns. */
const sqlForm = (url: string, extra: Record<string, string> = {}) => ({
  type: "sql", ...SQL_GENERIC_PRESET, url, "users.partTimeDeptIds": "part_depts", "users.partTimeSeparator": ";",
  usersQuery: "SELECT id, login_name, real_name, mobile, email, emp_no, title, dept_id, part_depts, status FROM org_user", refreshCron: "", ...extra,
});

describe("admin form for the OA database (type sql)", () => {
  test("starts from the generic preset, saves with the password kept secret, and tests in words", async () => {
    const db = dbs.find((d) => d.name === "MariaDB")!;
    const client = await inDefaultTenant();
    const blank = (await client.getText("/admin/oa/connection?type=sql")).html;
    expect(blank).toContain("OA 数据库");
    expect(blank).toContain('value="login_name"');
    expect(blank).toContain("SELECT id, parent_id, name, sort_no FROM org_dept");
    expect((await client.post("/admin/oa/connection", sqlForm(db.url, { secret: db.password }))).status).toBe(303);
    const saved = (await client.getText("/admin/oa/connection")).html;
    expect(saved).toContain(db.url);
    expect(saved).not.toContain(db.password);
    const ok = await client.post("/admin/oa/connection/test");
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toContain("连接正常");
    expect(text).toContain("只读事务");
    // Saved again without the password: it is kept and the test still passes.
    expect((await client.post("/admin/oa/connection", sqlForm(db.url))).status).toBe(303);
    expect((await client.post("/admin/oa/connection/test")).status).toBe(200);
  });

  test("a statement that is not a SELECT, and a bad URL, are shown next to their inputs", async () => {
    const client = await inDefaultTenant();
    const bad = await client.post("/admin/oa/connection", sqlForm("oracle://x@h/db", { usersQuery: "DELETE FROM org_user" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-url-error"');
    expect(html).toContain("DELETE FROM org_user");
    const notSelect = await client.post("/admin/oa/connection", sqlForm("mysql://oa_reader@127.0.0.1:1/oa", { usersQuery: "DELETE FROM org_user" }));
    expect(notSelect.status).toBe(422);
    const page = await notSelect.text();
    expect(page).toContain('id="f-usersQuery-error"');
    expect(page).toContain("usersQuery 不是一条 SELECT 语句（读到的是 DELETE）");
    expect(html).toContain("请填写 mysql://用户@主机:3306/数据库");
  });

  test("on PostgreSQL a wrong password is explained in words", async () => {
    const db = dbs.find((d) => d.name === "PostgreSQL")!;
    const client = await inDefaultTenant();
    expect((await client.post("/admin/oa/connection", sqlForm(db.url, { secret: "wrong" }))).status).toBe(303);
    const down = await client.post("/admin/oa/connection/test");
    expect(down.status).toBe(502);
    const html = await down.text();
    expect(html).toContain("OA 数据库拒绝了用户 oa_reader 的登录");
    expect(html).toContain("OA_SQL_AUTH_FAILED");
  });
});
