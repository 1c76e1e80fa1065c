import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { signedIn } from "../helpers/admin-client.ts";
import { message, rows, startPushWorld, type PushWorld } from "../messages/intake-support.ts";

// Issue 19, finding 5: NUL and other control characters (and lone surrogates) were stored and then
// cut off when read back (`a\u0000b` read `a`). Every text field refuses them with 422, naming it.
let w: PushWorld;
beforeAll(async () => {
  w = await startPushWorld();
});
afterAll(() => w.close());

type Problem = { code: string; detail: string; errors: { path: string; message: string }[] };

async function refused(res: Response, path: string) {
  expect(res.status).toBe(422);
  const body = (await res.json()) as Problem;
  expect(body.code).toBe("VALIDATION_FAILED");
  expect(body.errors.map((e) => e.path)).toEqual([path]);
  expect(body.detail).toContain(path);
  return body;
}

const corpCount = async () => Number((await rows(w, "SELECT count(*) AS n FROM corps"))[0]!.n);

describe("control characters in text fields", () => {
  test("a corp named a\\u0000b → 422 naming body.name, and nothing stored", async () => {
    const before = await corpCount();
    await refused(await w.admin("POST", "/api/v1/corps", { name: "a\u0000b", welinkTenantId: "nul-tenant" }), "body.name");
    await refused(await w.admin("PATCH", `/api/v1/corps/${w.corpId}`, { name: "a\u007fb" }), "body.name");
    expect(await corpCount()).toBe(before);
  });

  test("a push message whose title holds \\u0001, or a recipient a lone surrogate → 422 naming the field", async () => {
    await refused(await w.send(message({ title: "Leave\u0001 request" })), "body.title");
    await refused(await w.send(message({ externalId: "AP-2", recipients: ["u1", "u\ud800"] })), "body.recipients.1");
    await refused(await w.send(message({ externalId: "AP-3", sender: "Li\udc00" })), "body.sender");
    // A batch names the message inside it.
    const batch = await w.h.call("POST", "/api/v1/messages/batch", { token: w.pushToken, body: { messages: [message({ externalId: "B-1" }), message({ externalId: "B-2", body: "x\u0000" })] } });
    await refused(batch, "body.messages.1.body");
    expect(Number((await rows(w, "SELECT count(*) AS n FROM messages"))[0]!.n)).toBe(0);
  });

  test("a multi-line body with tabs and line breaks, and paired surrogates (emoji), are kept whole", async () => {
    const res = await w.send(message({ externalId: "ML-1", title: "Leave 🌴", body: "line 1\nline 2\r\n\tindented" }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const [m] = await rows(w, "SELECT title, body FROM messages WHERE id = ?", [id]);
    expect(m).toEqual({ title: "Leave 🌴", body: "line 1\nline 2\r\n\tindented" });
  });

  test("query and path parameters and the public scan mint refuse them too", async () => {
    await refused(await w.admin("GET", "/api/v1/audit?action=token.%00"), "query.action");
    const mint = await w.h.call("POST", "/scan/tickets", { token: null, body: { tenant: "default", target: "/oa\u0000" } });
    await refused(mint, "body.target");
  });

  test("an admin form refuses it in words, naming the field, and stores nothing", async () => {
    const before = await corpCount();
    const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
    const res = await client.post("/admin/corps", { name: "a\u0000b", welinkTenantId: "form-tenant", apiBaseUrl: "" }, { headers: { "accept-language": "en" } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/(“name”中含有控制字符|'name' contains a control character)/);
    expect(await corpCount()).toBe(before);
  });
});
