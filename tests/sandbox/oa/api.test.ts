import { describe, expect, test } from "bun:test";
import { demoOa } from "./support.ts";

const { org, api } = demoOa({ users: 250, depts: 20 });

describe("the demo OA's org API", () => {
  test("departments come in the documented shape", async () => {
    const r = await api("GET", "/api/org/departments?page=1&size=100");
    expect(r.status).toBe(200);
    expect(r.body.code).toBe(0);
    expect(r.body.data.total).toBe(20);
    expect(r.body.data.items).toHaveLength(20);
    expect(Object.keys(r.body.data.items[0]).sort()).toEqual(["id", "name", "parentId", "sort"]);
    expect(r.body.data.items[0]).toEqual({ id: "d1001", parentId: null, name: org.depts[0]!.name, sort: org.depts[0]!.sort });
  });

  test("people come in the documented shape, without passwords or WeLink ids", async () => {
    const r = await api("GET", "/api/org/users?page=1&size=5");
    const keys = ["deptId", "email", "id", "jobNumber", "loginName", "mobile", "name", "partTimeDeptIds", "status", "title"];
    for (const item of r.body.data.items) expect(Object.keys(item).sort()).toEqual(keys);
    const first = org.users[0]!;
    expect(r.body.data.items[0]).toMatchObject({ id: first.id, loginName: first.loginName, status: first.status, partTimeDeptIds: first.partTimeDeptIds });
    expect(JSON.stringify(r.body)).not.toContain("demo-");
  });

  test("pages follow page and size, the last one short, then empty; total is everyone", async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await api("GET", `/api/org/users?page=${page}&size=100`);
      expect(r.body.data.total).toBe(250);
      sizes.push(r.body.data.items.length);
      seen.push(...r.body.data.items.map((u: { id: string }) => u.id));
    }
    expect(sizes).toEqual([100, 100, 50, 0]);
    expect(seen).toEqual(org.users.map((u) => u.id));
  });

  test("without paging parameters: the first 100", async () => {
    const r = await api("GET", "/api/org/users");
    expect(r.body.data.items).toHaveLength(100);
  });

  test("bad paging answers 400", async () => {
    for (const q of ["page=0", "size=0", "size=1001", "page=x", "size=2.5"]) {
      const r = await api("GET", `/api/org/departments?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(400);
    }
  });

  test("every API call needs the bearer token (401 JSON otherwise)", async () => {
    for (const token of [null, "wrong-token"]) {
      for (const [method, path] of [["GET", "/api/org/departments"], ["GET", "/api/org/users"], ["POST", "/api/auth/verify"]] as const) {
        const r = await api(method, path, { token, body: method === "POST" ? { account: "x", password: "y" } : undefined });
        expect(r.status).toBe(401);
        expect(r.body.code).toBe(401);
      }
    }
  });

  test("an unknown API path is a JSON 404", async () => {
    const r = await api("GET", "/api/org/nothing");
    expect(r.status).toBe(404);
    expect(r.body.code).toBe(404);
  });
});

describe("the demo OA's password check", () => {
  const active = org.users.find((u) => u.status === "active")!;
  const left = org.users.find((u) => u.status === "left")!;

  test("the right password answers the person in the org API's shape", async () => {
    const r = await api("POST", "/api/auth/verify", { body: { account: active.loginName, password: active.password } });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe(0);
    const listed = (await api("GET", "/api/org/users?size=1000")).body.data.items.find((u: { id: string }) => u.id === active.id);
    expect(r.body.data.user).toEqual(listed);
  });

  test("a wrong password or an unknown account is 401", async () => {
    for (const body of [{ account: active.loginName, password: "wrong" }, { account: "nobody-here", password: active.password }]) {
      const r = await api("POST", "/api/auth/verify", { body });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe(1001);
    }
  });

  test("someone who left cannot pass, even with the right password", async () => {
    const r = await api("POST", "/api/auth/verify", { body: { account: left.loginName, password: left.password } });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe(1002);
  });

  test("a body that is not {account, password} is 400", async () => {
    for (const body of ["not json", { account: "x" }, { account: "", password: "" }]) {
      expect((await api("POST", "/api/auth/verify", { body })).status).toBe(400);
    }
  });
});
