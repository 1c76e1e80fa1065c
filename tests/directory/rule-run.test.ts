import { afterAll, beforeAll, expect, test } from "bun:test";
// The world first: its harness loads @hono/zod-openapi before the use cases build their zod schemas.
import { startWorld, TENANT, type World } from "../login/entry/support.ts";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { type AdminClient, signedIn } from "../helpers/admin-client.ts";

let w: World;
let admin: AdminClient;
const T = { tenant: TENANT };

beforeAll(async () => {
  w = await startWorld();
  admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
  await admin.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
  await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { syncAppId: w.appId } });
  expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T)).status).toBe(200);
});
afterAll(() => w.stop());

const boundCount = async () =>
  ((await (await w.h.call("GET", `/api/v1/corps/${w.corpId}/welink/people?filter=bound&limit=1`, T)).json()) as { total: number }).total;

test("with the rule off, the directory page says so and links to the setting instead of a button", async () => {
  const html = (await admin.getText(`/admin/directory/${w.corpId}`)).html;
  expect(html).toContain("绑定规则未开启。");
  expect(html).toContain(`href="/admin/corps/${w.corpId}/edit"`);
  expect(html).not.toContain("立即运行绑定规则");
});

test("'run the binding rule now' binds by the rule and says what it did, in both languages, with a link to the review queue", async () => {
  await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { bindingRule: { enabled: true, fields: ["mobile", "email"], combine: "or" } } });
  const page = (await admin.getText(`/admin/directory/${w.corpId}`)).html;
  expect(page).toContain(`action="/admin/directory/${w.corpId}/auto-bind"`);
  expect(page).toContain("立即运行绑定规则");
  expect(await boundCount()).toBe(0);
  const res = await admin.post(`/admin/directory/${w.corpId}/auto-bind`);
  expect(res.status).toBe(303);
  const where = new URL(res.headers.get("location")!, "http://x");
  const bound = Number(where.searchParams.get("ruleBound"));
  const review = Number(where.searchParams.get("ruleReview"));
  const unmatched = Number(where.searchParams.get("ruleUnmatched"));
  expect(bound).toBeGreaterThan(0);
  expect(await boundCount()).toBe(bound);
  const zh = (await admin.getText(where.pathname + where.search)).html;
  expect(zh).toContain(`绑定规则已运行：新绑定 ${bound} 人；${review} 人匹配到多个 OA 账号，已放入待审核队列；${unmatched} 人没有匹配的 OA 账号。`);
  if (review > 0) expect(zh).toContain(`<a href="/admin/directory/${w.corpId}/reviews">去审核</a>`);
  await admin.get("/admin/lang/en?back=/admin");
  const en = (await admin.getText(where.pathname + where.search)).html;
  expect(en).toContain(`The binding rule ran: ${bound} newly bound; ${review} matched several OA accounts and went to the review queue; ${unmatched} matched no OA account.`);
  await admin.get("/admin/lang/zh-CN?back=/admin");
  // A second run finds nothing new: existing bindings are never changed.
  const again = new URL((await admin.post(`/admin/directory/${w.corpId}/auto-bind`)).headers.get("location")!, "http://x");
  expect(again.searchParams.get("ruleBound")).toBe("0");
  expect(await boundCount()).toBe(bound);
});

test("the review link shows when people went to review", async () => {
  const html = (await admin.getText(`/admin/directory/${w.corpId}?ruleBound=0&ruleReview=2&ruleUnmatched=1`)).html;
  expect(html).toContain(`<a href="/admin/directory/${w.corpId}/reviews">去审核</a>`);
  expect(html).toContain('class="flash warn"');
});
