import { afterEach, expect, test } from "bun:test";
import { insertMessage, startDispatchWorld, wid, type DispatchWorld } from "./dispatch-support.ts";

let w: DispatchWorld;
afterEach(() => w?.close());

type Inbox = { messages: Record<string, unknown>[] };
const inbox = async (user: string) => (await (await fetch(`${w.rs.baseUrl}/_sandbox/inbox/${encodeURIComponent(user)}`)).json()) as Inbox;
const longBody = "请各部门负责人于周五前审阅预算并反馈意见。".repeat(40);

test("a body cut to WeLink's limit links to the whole text on the bridge when the OA gave no link", async () => {
  w = await startDispatchWorld(1);
  await insertMessage(w, { users: [wid(1)], body: longBody });
  await w.h.deps.db.run("UPDATE messages SET mobile_url = NULL, pc_url = NULL");
  await w.dispatch();
  const [card] = (await inbox(wid(1))).messages;
  const link = String(card!.urlPath);
  expect(link.startsWith(`${w.h.config.publicUrl}/m/`)).toBe(true);
  expect(card!.desktopUrlPath).toBe(link);
  expect(Buffer.byteLength(String(card!.content))).toBeLessThanOrEqual(512);

  const page = await w.h.call("GET", new URL(link).pathname, { token: null });
  expect(page.status).toBe(200);
  expect(page.headers.get("cache-control")).toBe("no-store");
  const html = await page.text();
  expect(html).toContain(longBody);
  expect(html).toContain("Leave request");

  // The link is the key: altered, or for a message pruned since, it shows nothing.
  const altered = link.slice(0, -3) + (link.endsWith("A") ? "BBB" : "AAA");
  expect((await w.h.call("GET", new URL(altered).pathname, { token: null })).status).toBe(404);
  await w.h.deps.db.run("DELETE FROM deliveries");
  await w.h.deps.db.run("DELETE FROM messages");
  const gone = await w.h.call("GET", new URL(link).pathname, { token: null, headers: { "accept-language": "zh-CN" } });
  expect(gone.status).toBe(404);
  expect(await gone.text()).toContain("消息不存在");
});

test("a cut text keeps the OA's own link; a text that fits gets no bridge link", async () => {
  w = await startDispatchWorld(2);
  await insertMessage(w, { users: [wid(1)], body: longBody });
  await w.dispatch();
  expect((await inbox(wid(1))).messages[0]!.urlPath).toBe("https://oa.example.com/m/1");
  await w.h.deps.db.run("UPDATE messages SET mobile_url = NULL, pc_url = NULL");
  await insertMessage(w, { users: [wid(2)], body: "short" });
  await w.h.deps.db.run("UPDATE messages SET mobile_url = NULL, pc_url = NULL");
  await w.dispatch();
  expect((await inbox(wid(2))).messages[0]!.urlPath ?? null).toBeNull();
});
