import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DEFAULT_SETTINGS } from "../../../src/sandbox/welink/model.ts";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { addDept, addUser, appToken, call } from "./phone-fixtures.ts";

let rs: RunningSandbox;
let token: string;
let narrowToken: string;

const STATUS = JSON.stringify({ CN: "待处理", EN: "pending" });
const card = (toUserList: string[], extra: Record<string, unknown> = {}) => ({
  msgOwner: "考勤",
  msgRange: "0",
  toUserList,
  msgTitle: "出差电子流",
  msgContent: "张三提交了一个去上海的出差申请",
  urlType: "html",
  urlPath: "https://oa.example.com/m/1",
  ...extra,
});
const send = (body: unknown, t = token) => call(rs, "POST", "/api/messages/v2/card/common", { token: t, body });
const inbox = async (userId: string) => (await call(rs, "GET", `/_sandbox/inbox/${encodeURIComponent(userId)}`)).json.messages as any[];

beforeAll(async () => {
  // Many calls in a row to one API: the per-app 40/s limit is not what these tests are about.
  rs = startSandbox({ settings: { rateLimits: { ...DEFAULT_SETTINGS.rateLimits, enabled: false } } });
  addDept(rs.sb, "100");
  addDept(rs.sb, "110", "100");
  for (const id of ["alice@welink", "bob@welink", "carol@welink"]) addUser(rs.sb, id);
  addUser(rs.sb, "dan@welink", { deptCodes: ["100"] });
  addUser(rs.sb, "erin@welink", { deptCodes: ["110"] });
  token = await appToken(rs);
  const narrow = registerApp(rs.sb, { clientId: "narrow-msg", clientSecret: "narrow-secret", visible: { all: false, deptCodes: [], userIds: ["alice@welink", "bob@welink"] } });
  narrowToken = await appToken(rs, narrow.clientId, narrow.clientSecret);
});
afterAll(() => rs.stop());

describe("card message (v2/card/common)", () => {
  test("delivers to each user and answers an itemId", async () => {
    const r = await send(card(["alice@welink", "bob@welink"]));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ code: "0", message: "ok" });
    expect(typeof r.json.itemId).toBe("string");
    for (const u of ["alice@welink", "bob@welink"]) {
      expect(await inbox(u)).toContainEqual(expect.objectContaining({ itemId: r.json.itemId, kind: "card", msgTitle: "出差电子流", msgOwner: "考勤", recalled: false }));
    }
  });

  test("more than 1000 users is 51018; exactly 1000 passes the limit", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}@welink`);
    expect((await send(card(many))).json.code).toBe("51018");
    const r = await send(card(many.slice(0, 1000)));
    expect(r.json.code).toBe("51019"); // unknown users, but not refused for the count
  });

  test("byte limits count UTF-8: title 128 B, content 512 B, msgOwner 18 B", async () => {
    const to = ["alice@welink"];
    expect((await send(card(to, { msgTitle: "中".repeat(42) + "ab" }))).json.code).toBe("0"); // 128 bytes
    expect((await send(card(to, { msgTitle: "中".repeat(43) }))).json.code).toBe("51062"); // 129 bytes, 43 characters
    expect((await send(card(to, { msgContent: "中".repeat(170) + "ab" }))).json.code).toBe("0"); // 512 bytes
    expect((await send(card(to, { msgContent: "中".repeat(171) }))).json.code).toBe("51062"); // 513 bytes
    expect((await send(card(to, { msgOwner: "考勤助手小微" }))).json.code).toBe("0"); // 18 bytes
    expect((await send(card(to, { msgOwner: "考勤助手小微a" }))).json.code).toBe("51062"); // 19 bytes
  });

  test("users outside the visible range (or unknown) are listed in failedUserId with 51019; the others receive it", async () => {
    const r = await send(card(["alice@welink", "carol@welink", "ghost@welink"]), narrowToken);
    expect(r.json.code).toBe("51019");
    expect(r.json.failedUserId).toEqual(["carol@welink", "ghost@welink"]);
    expect(typeof r.json.itemId).toBe("string");
    expect(await inbox("alice@welink")).toContainEqual(expect.objectContaining({ itemId: r.json.itemId }));
    expect(await inbox("carol@welink")).not.toContainEqual(expect.objectContaining({ itemId: r.json.itemId }));
  });

  test("when nobody can receive it the answer is 51019 without an itemId", async () => {
    const r = await send(card(["carol@welink"]), narrowToken);
    expect(r.json).toMatchObject({ code: "51019", failedUserId: ["carol@welink"] });
    expect(r.json.itemId).toBeUndefined();
  });

  test("missing fields 51021, msgRange rules 51056 / 51095 / 51059, bad options 51062", async () => {
    const { msgTitle: _, ...noTitle } = card(["alice@welink"]);
    expect((await send(noTitle)).json.code).toBe("51021");
    expect((await send(card([], { toUserList: undefined }))).json.code).toBe("51021");
    expect((await send(card([], { msgRange: "1" }))).json.code).toBe("51056");
    expect((await send(card([], { msgRange: "2" }))).json.code).toBe("51095");
    expect((await send(card(["alice@welink"], { msgRange: "7" }))).json.code).toBe("51059");
    expect((await send(card(["alice@welink"], { statusColor: "4", messageStatus: STATUS }))).json.code).toBe("51062");
    expect((await send(card(["alice@welink"], { messageStatus: JSON.stringify({ CN: "好", EN: "ok" }) }))).json.code).toBe("51062");
    expect((await send(card(["alice@welink"], { urlType: "w3" }))).json.code).toBe("51062");
  });

  test("msgRange defaults to 0; msgRange 1 reaches members of the departments and their sub-departments", async () => {
    const { msgRange: _, ...noRange } = card(["bob@welink"]);
    expect((await send(noRange)).json.code).toBe("0");
    const r = await send(card([], { msgRange: "1", toUserList: undefined, departmentList: ["100"] }));
    expect(r.json.code).toBe("0");
    for (const u of ["dan@welink", "erin@welink"]) expect(await inbox(u)).toContainEqual(expect.objectContaining({ itemId: r.json.itemId }));
  });

  test("without the message permission 501", async () => {
    const app = registerApp(rs.sb, { clientId: "no-msg", clientSecret: "no-msg-secret", permissions: ["todo"] });
    expect((await send(card(["alice@welink"]), await appToken(rs, app.clientId, app.clientSecret))).json.code).toBe("501");
  });
});

describe("public-account message (v3/send)", () => {
  test("sends to users (msgRange 0 only) and keeps the same limits", async () => {
    const body = { msgRange: "0", toUserList: ["bob@welink"], msgTitle: "通知", msgContent: "内容", msgOwner: "OA", urlType: "html", urlPath: "https://oa.example.com", msgDisplayMode: 0 };
    const r = await call(rs, "POST", "/api/messages/v3/send", { token, body });
    expect(r.json.code).toBe("0");
    expect(await inbox("bob@welink")).toContainEqual(expect.objectContaining({ itemId: r.json.itemId, kind: "text", msgTitle: "通知" }));
    expect((await call(rs, "POST", "/api/messages/v3/send", { token, body: { ...body, msgRange: "1" } })).json.code).toBe("51059");
    expect((await call(rs, "POST", "/api/messages/v3/send", { token, body: { ...body, msgContent: "中".repeat(171) } })).json.code).toBe("51062");
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}@welink`);
    expect((await call(rs, "POST", "/api/messages/v3/send", { token, body: { ...body, toUserList: many } })).json.code).toBe("51018");
  });
});

describe("status update and recall", () => {
  test("update changes each receiver's label and lists non-receivers in failedUserId", async () => {
    const sent = await send(card(["alice@welink", "bob@welink"], { messageStatus: STATUS, statusColor: "1" }));
    const done = JSON.stringify({ CN: "已处理", EN: "processed" });
    const r = await call(rs, "POST", "/api/messages/v1/update", { token, body: { itemId: sent.json.itemId, toUserList: ["alice@welink", "carol@welink"], messageStatus: done, statusColor: "2" } });
    expect(r.json).toMatchObject({ code: "0", failedUserId: ["carol@welink"] });
    expect((await inbox("alice@welink")).find((m) => m.itemId === sent.json.itemId)).toMatchObject({ messageStatus: done, statusColor: "2" });
    expect((await inbox("bob@welink")).find((m) => m.itemId === sent.json.itemId)).toMatchObject({ messageStatus: STATUS, statusColor: "1" });
  });

  test("update codes: 51021 missing, 51018 too many, 51104 bad status, 51033 unknown, 51107 stateless", async () => {
    const stateless = await send(card(["alice@welink"]));
    const up = (body: Record<string, unknown>) => call(rs, "POST", "/api/messages/v1/update", { token, body: { toUserList: ["alice@welink"], messageStatus: STATUS, ...body } });
    expect((await up({ itemId: undefined })).json.code).toBe("51021");
    expect((await up({ itemId: stateless.json.itemId, toUserList: Array.from({ length: 1001 }, (_, i) => `u${i}`) })).json.code).toBe("51018");
    expect((await up({ itemId: stateless.json.itemId, messageStatus: "done" })).json.code).toBe("51104");
    expect((await up({ itemId: "no-such-item" })).json.code).toBe("51033");
    expect((await up({ itemId: stateless.json.itemId })).json.code).toBe("51107");
  });

  test("a card sent through a custom account is found only with the same publicAccID", async () => {
    const sent = await send(card(["alice@welink"], { publicAccID: "HX123", messageStatus: STATUS }));
    const body = { itemId: sent.json.itemId, toUserList: ["alice@welink"], messageStatus: STATUS };
    expect((await call(rs, "POST", "/api/messages/v1/update", { token, body })).json.code).toBe("51033");
    expect((await call(rs, "POST", "/api/messages/v1/update", { token, body: { ...body, publicAccID: "HX123" } })).json.code).toBe("0");
  });

  test("recall marks the card recalled; a second recall, an unknown item or a v3 text message is 51111", async () => {
    const sent = await send(card(["alice@welink"]));
    const recall = (itemId?: string) => call(rs, "POST", "/api/messages/v1/recall", { token, body: { itemId } });
    expect((await recall(sent.json.itemId)).json).toMatchObject({ code: "0" });
    expect((await inbox("alice@welink")).find((m) => m.itemId === sent.json.itemId).recalled).toBe(true);
    expect((await recall(sent.json.itemId)).json.code).toBe("51111");
    expect((await recall("nope")).json.code).toBe("51111");
    expect((await recall(undefined)).json.code).toBe("51021");
    const text = await call(rs, "POST", "/api/messages/v3/send", { token, body: { toUserList: ["alice@welink"], msgTitle: "t", msgContent: "c" } });
    expect((await recall(text.json.itemId)).json.code).toBe("51111");
  });

  test("another app cannot update or recall this app's card", async () => {
    const sent = await send(card(["alice@welink"], { messageStatus: STATUS }));
    expect((await call(rs, "POST", "/api/messages/v1/recall", { token: narrowToken, body: { itemId: sent.json.itemId } })).json.code).toBe("51111");
    const body = { itemId: sent.json.itemId, toUserList: ["alice@welink"], messageStatus: STATUS };
    expect((await call(rs, "POST", "/api/messages/v1/update", { token: narrowToken, body })).json.code).toBe("51033");
  });
});
