import { afterEach, describe, expect, test } from "bun:test";
import type { TodoCreate } from "../../src/welink/types.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { callsTo, clientOf, dept, seedDept } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

const todo = (taskId: string, userId: string): TodoCreate => ({
  taskId,
  title: "请审批: 报销单 42",
  userId,
  userNameCn: "用户",
  detailsUrl: "https://oa.example/m/flow/42",
  detailsUrlPc: "https://oa.example/flow/42",
  appName: "OA",
  applicant: { userId: "user1@welink", nameCn: "用户1" },
  applicantId: `app-${taskId}`,
  businessCode: "EXP42",
});

describe("WeLink client: todos", () => {
  test("add (v3, v2, v1), hand over, finish for one user, delete", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 3);
    const t = clientOf(rs).todo;
    expect(await t.addTask(todo("f-1", "user2@welink"))).toMatchObject({ taskId: "f-1", uuid: expect.any(String), tenantId: rs.sb.settings.tenantId });
    expect((await t.addTaskV2(todo("f-2", "user2@welink"))).taskId).toBe("f-2");
    expect((await t.addTaskV1({ ...todo("f-3", "user2@welink"), description: "v1" })).taskId).toBe("f-3");
    await expect(t.addTask(todo("f-1", "user2@welink"))).rejects.toMatchObject({ code: "WELINK_DUPLICATE", welinkCode: "55010" });
    expect(await t.handOver({ taskId: "f-1", userId: "user3@welink", userNameCn: "用户3" })).toMatchObject({ taskId: "f-1", userId: "user3@welink" });
    expect(await t.completeForUser({ taskId: "f-2", userId: "user2@welink" })).toBe(true);
    expect(await t.completeForUser({ taskId: "f-2", userId: "user2@welink" })).toBe(false);
    expect(await t.deleteTask("f-1")).toMatchObject({ taskId: "f-1" });
    await expect(t.deleteTask("nope")).rejects.toMatchObject({ code: "WELINK_NOT_FOUND", welinkCode: "55008" });
  });
});

describe("WeLink client: messages", () => {
  test("a card goes out with an itemId; its status can change; it can be recalled", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 3);
    const m = clientOf(rs).messages;
    const sent = await m.sendCard({
      owner: "OA",
      toUserIds: ["user1@welink", "user2@welink"],
      title: { cn: "待审批", en: "To approve" },
      content: "报销单 42",
      urlPath: "https://oa.example/m/42",
      desktopUrlPath: "https://oa.example/42",
      status: { cn: "待处理", en: "Pending", color: 3 },
    });
    expect(sent.itemId).toEqual(expect.any(String));
    const updated = await m.updateCardStatus({ itemId: sent.itemId!, toUserIds: ["user1@welink", "user3@welink"], status: { cn: "已处理", en: "Done" }, color: 2 });
    expect(updated.failedUserIds).toEqual(["user3@welink"]);
    await m.recall(sent.itemId!);
    await expect(m.recall(sent.itemId!)).rejects.toMatchObject({ code: "WELINK_NOT_FOUND", welinkCode: "51111" });
  });

  test("a text message (v3/send)", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 1);
    const sent = await clientOf(rs).messages.sendText({ owner: "OA", toUserIds: ["user1@welink"], title: "通知", content: "Hello", displayMode: 0 });
    expect(sent.itemId).toEqual(expect.any(String));
  });

  test("51019: recipients outside the visible range come back in failedUserIds (and the card's itemId)", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 2);
    rs.sb.org.putDept(dept("20"));
    rs.sb.org.putUser({ ...rs.sb.org.users.get("user2@welink")!, userId: "outside@welink", corpUserId: "X", mobileNumber: "+86-13999999999", deptCodes: ["20"], mainDeptCode: "20", orderInDepts: { "20": 1 } });
    rs.app.visible = { all: false, deptCodes: ["10"], userIds: [] };
    const m = clientOf(rs).messages;
    const error = await m.sendCard({ owner: "OA", toUserIds: ["user1@welink", "outside@welink"], title: "Hi", content: "x" }).catch((e) => e);
    expect(error).toMatchObject({ code: "WELINK_NOT_VISIBLE", welinkCode: "51019", failedUserIds: ["outside@welink"], itemId: expect.any(String), retryable: false });
    expect(error.message).toContain("outside@welink");
    // Not retried: a retry would deliver twice to those who did receive it.
    expect(callsTo(rs.sb, "/api/messages/v2/card/common").length).toBe(1);
  });

  test("more than 1000 recipients is refused before sending", async () => {
    rs = startSandbox();
    const ids = Array.from({ length: 1001 }, (_, i) => `u${i}@welink`);
    await expect(clientOf(rs).messages.sendCard({ owner: "OA", toUserIds: ids, title: "t", content: "c" })).rejects.toMatchObject({ code: "WELINK_INVALID_REQUEST" });
    expect(rs.sb.calls.length).toBe(0);
  });
});
