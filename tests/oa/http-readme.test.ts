import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HttpOaSettings } from "../../src/oa/http/settings.ts";
import { all, connect, fixtureOa, json } from "./http-support.ts";

const root = join(import.meta.dir, "..", "..");
const example = JSON.parse(readFileSync(join(import.meta.dir, "fixtures", "readme-example.json"), "utf8")) as {
  type: string;
  settings: Record<string, unknown>;
  secrets: { token: string };
};

/** The JSON blocks of the README's worked example, in order: departments, people, password check, connection. */
function readmeBlocks(): unknown[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("## The OA's http adapter: a worked example");
  if (start < 0) throw new Error("README.md has no section '## The OA's http adapter: a worked example'");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? "") as unknown);
}

describe("the README's worked example of the http adapter", () => {
  const [deptAnswer, userAnswer, verifyAnswer, connection] = readmeBlocks();

  test("the README shows exactly the connection kept in tests/oa/fixtures/readme-example.json", () => {
    expect(connection).toEqual(example);
    expect(example.type).toBe("http");
  });

  test("its settings are valid as they stand: nothing unknown, nothing left to a default", () => {
    expect(HttpOaSettings.parse(example.settings)).toEqual(example.settings as HttpOaSettings);
  });

  test("read against an OA answering exactly as shown, it gives the organisation the README describes", async () => {
    const wrong = { code: 1001, msg: "用户名或密码错误", data: null };
    const oa = fixtureOa((s) => {
      if (s.headers.get("authorization") !== `Bearer ${example.secrets.token}`) return json({ code: 401, msg: "token无效" }, 401);
      if (s.method === "GET" && s.path === "/openapi/v1/org/depts") return json(deptAnswer);
      if (s.method === "GET" && s.path === "/openapi/v1/org/users") return json(userAnswer);
      if (s.method === "POST" && s.path === "/openapi/v1/auth/verify") {
        const body = JSON.parse(s.body) as { loginName?: string; password?: string };
        return json(body.loginName === "lina" && body.password === "right-password" ? verifyAnswer : wrong);
      }
      return json({ code: 404, msg: "not found" }, 404);
    });
    const production = new URL(String(example.settings.baseUrl));
    const settings = HttpOaSettings.parse({ ...example.settings, baseUrl: `${oa.baseUrl}${production.pathname}` });
    const c = connect(settings, example.secrets);

    expect((await all(c.listDepartments())).items).toEqual([
      { id: "1000", parentId: null, name: "星河科技", order: 1 },
      { id: "1001", parentId: "1000", name: "研发部", order: 10 },
      { id: "1002", parentId: "1001", name: "平台组", order: 11 },
      { id: "1003", parentId: "1000", name: "市场部", order: 20 },
    ]);
    const lina = {
      id: "u10002",
      account: "lina",
      name: "李娜",
      mobile: "13800138002",
      employeeNo: "XH0002",
      position: "工程师",
      mainDeptId: "1002",
      partTimeDeptIds: [],
      active: true,
    };
    expect((await all(c.listUsers())).items).toEqual([
      {
        id: "u10001",
        account: "zhangwei",
        name: "张伟",
        mobile: "13800138001",
        email: "zhangwei@xinghe.example.cn",
        employeeNo: "XH0001",
        position: "研发总监",
        mainDeptId: "1001",
        partTimeDeptIds: ["1002", "1003"],
        active: true,
      },
      lina,
      {
        id: "u10003",
        account: "wangfang",
        name: "王芳",
        mobile: "13800138003",
        email: "wangfang@xinghe.example.cn",
        employeeNo: "XH0003",
        position: "市场专员",
        mainDeptId: "1003",
        partTimeDeptIds: [],
        active: false,
      },
    ]);
    // The calls the README shows: one page each (4 and 3 items are short of 200), with the fixed query.
    expect(oa.seen.map((s) => `${s.path}?${new URLSearchParams(s.query)}`)).toEqual([
      "/openapi/v1/org/depts?status=all&pageNo=1&pageSize=200",
      "/openapi/v1/org/users?includeLeft=true&pageNo=1&pageSize=200",
    ]);

    expect(await c.verifyPassword("lina", "right-password")).toEqual(lina);
    expect(await c.verifyPassword("lina", "wrong-password")).toBeUndefined();
    expect((await c.testConnection()).detail).toContain('read the first page of departments (4, e.g. "星河科技") and of people (3, e.g. "zhangwei")');
  });
});
