import { describe, expect, test } from "bun:test";
import { demoOa } from "./support.ts";

const { org, app } = demoOa();
const person = org.users.find((u) => u.status === "active" && u.partTimeDeptIds.length === 0)!;

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

async function signIn(account: string, password: string) {
  return app.request("/login", form({ account, password }));
}

describe("signing in to the demo OA", () => {
  test("the home page sends a stranger to the login page", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });

  test("the login page asks for account and password, in Chinese", async () => {
    const html = await (await app.request("/login")).text();
    expect(html).toStartWith("<!DOCTYPE html>");
    expect(html).toContain('name="account"');
    expect(html).toContain('name="password"');
    expect(html).toContain("登录");
  });

  test("the right password signs in and the home page shows who is signed in", async () => {
    const res = await signIn(person.loginName, person.password);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const cookie = cookieOf(res);
    expect(res.headers.get("set-cookie")).toContain("HttpOnly");
    const home = await app.request("/", { headers: { cookie } });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(`当前登录用户：${person.name}`);
    expect(html).toContain(person.loginName);
    expect(html).toContain(person.jobNumber);
    expect(html).toContain(org.depts.find((d) => d.id === person.deptId)!.name);
    // Signed in, the login page goes home.
    expect((await app.request("/login", { headers: { cookie } })).headers.get("location")).toBe("/");
  });

  test("a wrong password shows the form again with a reason and sets no session", async () => {
    const res = await signIn(person.loginName, "wrong");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain("账号或密码错误");
    expect(html).toContain(`value="${person.loginName}"`);
  });

  test("someone who left is refused", async () => {
    const left = org.users.find((u) => u.status === "left")!;
    const res = await signIn(left.loginName, left.password);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("已停用");
  });

  test("signing out ends the session", async () => {
    const cookie = cookieOf(await signIn(person.loginName, person.password));
    const out = await app.request("/logout", { method: "POST", headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect((await app.request("/", { headers: { cookie } })).headers.get("location")).toBe("/login");
  });

  test("a made-up session cookie is not a session", async () => {
    const res = await app.request("/", { headers: { cookie: "demo_oa_session=made-up" } });
    expect(res.headers.get("location")).toBe("/login");
  });
});
