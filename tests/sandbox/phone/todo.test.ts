import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DEFAULT_SETTINGS } from "../../../src/sandbox/welink/model.ts";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { addUser, appToken, call } from "./phone-fixtures.ts";

let rs: RunningSandbox;
let token: string;

const task = (taskId: string, userId: string, extra: Record<string, unknown> = {}) => ({
  taskId,
  taskTitle: "周五上午请假",
  userId,
  userNameCn: "张三",
  userNameEn: "zhangsan",
  detailsUrl: "https://oa.example.com/flow/1",
  appName: "请假申请",
  applicantUserId: "lisi@welink",
  applicantUserNameCn: "李四",
  applicantUserNameEn: "lisi",
  applicantId: `apply-${taskId}`,
  ...extra,
});

const add = (body: unknown, version = "v3") => call(rs, "POST", `/api/todo/${version}/addtask`, { token, body });
const inbox = async (userId: string) => (await call(rs, "GET", `/_sandbox/inbox/${encodeURIComponent(userId)}`)).json;

beforeAll(async () => {
  // Many calls in a row to one API: the per-app 40/s limit is not what these tests are about.
  rs = startSandbox({ settings: { rateLimits: { ...DEFAULT_SETTINGS.rateLimits, enabled: false } } });
  for (const id of ["zhangsan@welink", "wangwu@welink", "zhaoliu@welink", "lisi@welink"]) addUser(rs.sb, id);
  addUser(rs.sb, "closed@welink", { userStatus: 4 });
  token = await appToken(rs);
});
afterAll(() => rs.stop());

describe("todo: add", () => {
  test("v3 addtask answers code \"0\" with the todo in data, and the handler sees it open", async () => {
    const r = await add(task("t1", "zhangsan@welink", { detailsUrlPc: "https://oa.example.com/pc/1", businessCode: "QJ2024" }));
    expect(r.status).toBe(200);
    expect(r.json.code).toBe("0");
    expect(r.json.data).toMatchObject({ taskId: "t1", userId: "zhangsan@welink", tenantId: rs.sb.settings.tenantId, detailsUrlPc: "https://oa.example.com/pc/1" });
    expect(r.json.data.uuid).toMatch(/^\d{18}$/);
    expect(r.json.data.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const box = await inbox("zhangsan@welink");
    expect(box.todos).toHaveLength(1);
    expect(box.todos[0]).toMatchObject({ taskId: "t1", status: "open", clientId: rs.app.clientId, taskTitle: "周五上午请假" });
  });

  test("the same taskId for the same user is 55010; for another user it is a second handler", async () => {
    expect((await add(task("t1", "zhangsan@welink"))).json.code).toBe("55010");
    expect((await add(task("t1", "wangwu@welink"))).json.code).toBe("0");
  });

  test("missing required fields are 55000 (names must be present, even empty)", async () => {
    const { taskTitle: _, ...noTitle } = task("t-missing", "zhangsan@welink");
    expect((await add(noTitle)).json.code).toBe("55000");
    const { userNameEn: __, ...noEnglish } = task("t-missing", "zhangsan@welink");
    expect((await add(noEnglish)).json.code).toBe("55000");
    expect((await add(task("t-empty-en", "zhangsan@welink", { userNameEn: "" }))).json.code).toBe("0");
  });

  test("invalid values are 55005: isMsg, PC link scheme, businessCode, unknown or closed handler", async () => {
    expect((await add(task("t-bad", "zhangsan@welink", { isMsg: 2 }))).json.code).toBe("55005");
    expect((await add(task("t-bad", "zhangsan@welink", { detailsUrlPc: "ftp://x" }))).json.code).toBe("55005");
    expect((await add(task("t-bad", "zhangsan@welink", { businessCode: "QJ-1" }))).json.code).toBe("55005");
    expect((await add(task("t-bad", "nobody@welink"))).json.code).toBe("55005");
    expect((await add(task("t-bad", "closed@welink"))).json.code).toBe("55005");
  });

  test("a handler outside the app's visible range is 55002", async () => {
    const narrow = registerApp(rs.sb, { clientId: "narrow-todo", clientSecret: "narrow-secret", visible: { all: false, deptCodes: [], userIds: ["zhangsan@welink"] } });
    const narrowToken = await appToken(rs, narrow.clientId, narrow.clientSecret);
    const r = await call(rs, "POST", "/api/todo/v3/addtask", { token: narrowToken, body: task("t-range", "wangwu@welink") });
    expect(r.json.code).toBe("55002");
  });

  test("reusing an applicantId for another flow is 55015", async () => {
    expect((await add(task("t-app1", "zhangsan@welink", { applicantId: "A-1" }))).json.code).toBe("0");
    expect((await add(task("t-app1", "wangwu@welink", { applicantId: "A-1" }))).json.code).toBe("0");
    expect((await add(task("t-app2", "zhangsan@welink", { applicantId: "A-1" }))).json.code).toBe("55015");
  });

  test("v2 and v1 addtask work; v1 also reads WeLink's sample field detailUrl", async () => {
    expect((await add(task("t-v2", "zhaoliu@welink"), "v2")).json.code).toBe("0");
    const v1 = { taskId: "t-v1", taskTitle: "报销", userId: "zhaoliu@welink", detailUrl: "https://oa.example.com/2", appName: "报销", taskDesc: "差旅" };
    const r = await add(v1, "v1");
    expect(r.json.code).toBe("0");
    expect(r.json.data.detailsUrl).toBe("https://oa.example.com/2");
  });

  test("isMsg=1 also puts a message in the handler's inbox", async () => {
    expect((await add(task("t-msg", "lisi@welink", { isMsg: 1 }))).json.code).toBe("0");
    const box = await inbox("lisi@welink");
    expect(box.messages).toEqual([expect.objectContaining({ kind: "todo", msgTitle: "周五上午请假", urlPath: "https://oa.example.com/flow/1", taskId: "t-msg" })]);
  });

  test("without a token 47101; without the todo permission 501", async () => {
    expect((await call(rs, "POST", "/api/todo/v3/addtask", { body: task("t-x", "zhangsan@welink") })).json.code).toBe("47101");
    const noTodo = registerApp(rs.sb, { clientId: "no-todo", clientSecret: "no-todo-secret", permissions: ["message"] });
    const t = await appToken(rs, noTodo.clientId, noTodo.clientSecret);
    expect((await call(rs, "POST", "/api/todo/v3/addtask", { token: t, body: task("t-x", "zhangsan@welink") })).json.code).toBe("501");
  });
});

describe("todo: hand over, finish, delete", () => {
  test("v2 updatetask takes query parameters, finishes the open todos and gives the flow to the next handler", async () => {
    expect((await add(task("flow", "zhangsan@welink"))).json.code).toBe("0");
    const first = (await inbox("zhangsan@welink")).todos.find((t: any) => t.taskId === "flow");
    const inBody = await call(rs, "PUT", "/api/todo/v2/updatetask", { token, body: { taskId: "flow", userId: "wangwu@welink", userNameCn: "王五", userNameEn: "wangwu" } });
    expect(inBody.json.code).toBe("55000");
    const r = await call(rs, "PUT", `/api/todo/v2/updatetask?taskId=flow&userId=wangwu@welink&userNameCn=${encodeURIComponent("王五")}&userNameEn=wangwu`, { token });
    expect(r.json.code).toBe("0");
    expect(r.json.data).toMatchObject({ taskId: "flow", userId: "wangwu@welink", userNameCn: "王五", taskTitle: "周五上午请假", userTaskCompleteUuid: first.uuid });
    expect((await inbox("zhangsan@welink")).todos.find((t: any) => t.taskId === "flow").status).toBe("done");
    expect((await inbox("wangwu@welink")).todos.find((t: any) => t.taskId === "flow").status).toBe("open");
  });

  test("v2 updatetask: unknown flow 55008, handing to the current handler 55011, unknown user 55005", async () => {
    const q = (taskId: string, userId: string) => `/api/todo/v2/updatetask?taskId=${taskId}&userId=${userId}&userNameCn=x&userNameEn=x`;
    expect((await call(rs, "PUT", q("nope", "wangwu@welink"), { token })).json.code).toBe("55008");
    expect((await call(rs, "PUT", q("flow", "wangwu@welink"), { token })).json.code).toBe("55011");
    expect((await call(rs, "PUT", q("flow", "ghost@welink"), { token })).json.code).toBe("55005");
  });

  test("v1 updatetask finishes one user's todo: data true, then false; unknown flow 55008; missing userId 55000", async () => {
    expect((await add(task("finish", "zhaoliu@welink"))).json.code).toBe("0");
    const url = "/api/todo/v1/updatetask?taskId=finish&userId=zhaoliu@welink";
    expect((await call(rs, "PUT", url, { token })).json).toMatchObject({ code: "0", data: true });
    expect((await call(rs, "PUT", url, { token })).json).toMatchObject({ code: "0", data: false });
    expect((await call(rs, "PUT", "/api/todo/v1/updatetask?taskId=unknown&userId=zhaoliu@welink", { token })).json.code).toBe("55008");
    expect((await call(rs, "PUT", "/api/todo/v1/updatetask?taskId=finish", { token })).json.code).toBe("55000");
    expect((await inbox("zhaoliu@welink")).todos.find((t: any) => t.taskId === "finish").status).toBe("done");
  });

  test("deltask cancels the flow for every open handler; a second delete is 55009", async () => {
    expect((await add(task("cancel", "zhangsan@welink"))).json.code).toBe("0");
    expect((await add(task("cancel", "wangwu@welink"))).json.code).toBe("0");
    const r = await call(rs, "DELETE", "/api/todo/v1/deltask?taskId=cancel", { token });
    expect(r.json).toMatchObject({ code: "0", data: { taskId: "cancel", tenantId: rs.sb.settings.tenantId } });
    expect(r.json.data.uuid).toMatch(/^\d{18}$/);
    for (const u of ["zhangsan@welink", "wangwu@welink"]) expect((await inbox(u)).todos.find((t: any) => t.taskId === "cancel").status).toBe("deleted");
    expect((await call(rs, "DELETE", "/api/todo/v1/deltask?taskId=cancel", { token })).json.code).toBe("55009");
    expect((await call(rs, "DELETE", "/api/todo/v1/deltask?taskId=never", { token })).json.code).toBe("55008");
    expect((await call(rs, "DELETE", "/api/todo/v1/deltask", { token })).json.code).toBe("55000");
  });

  test("a finished todo can be given to the same user again (55010 only while it is open)", async () => {
    expect((await add(task("again", "lisi@welink"))).json.code).toBe("0");
    await call(rs, "PUT", "/api/todo/v1/updatetask?taskId=again&userId=lisi@welink", { token });
    expect((await add(task("again", "lisi@welink"))).json.code).toBe("0");
  });
});
