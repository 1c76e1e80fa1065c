import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before feature modules build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";
import { fixtureSettings, httpForm, startFixtureOa, type FixtureOa } from "./fixture-oa.ts";
import { plainText, wrongLanguage } from "./language-support.ts";

let h: Harness | undefined;
let oa: FixtureOa | undefined;
afterEach(() => {
  oa?.stop();
  h?.close();
  oa = h = undefined;
});

type Lang = "zh-CN" | "en";

/** The global admin in tenant `default`, the admin set to `lang`. */
async function adminIn(lang: Lang): Promise<AdminClient> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  if (lang === "en") await client.get("/admin/lang/en?back=/admin");
  return client;
}

/** The fixture OA's form with its token and a short timeout. */
const connForm = (url: string, token: string) => httpForm(url, { secret: token, timeoutMs: "500" });

function upload(client: AdminClient, path: string, file: { name: string; text: string }) {
  const form = new FormData();
  form.append("_csrf", client.csrf);
  form.append("file", new File([file.text], file.name, { type: "text/csv" }));
  const cookie = [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return Promise.resolve(h!.app.request(path, { method: "POST", body: form, headers: { cookie } }));
}

const text = plainText;

describe("the OA connection test answers in the admin's language", () => {
  test("zh-CN: what was tried, in Chinese, the names read marked as data; a refusal in Chinese", async () => {
    oa = startFixtureOa();
    const client = await adminIn("zh-CN");
    expect((await client.post("/admin/oa/connection", connForm(oa.url, oa.token))).status).toBe(303);
    const ok = await client.post("/admin/oa/connection/test");
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('连接正常：已用 Bearer 令牌登录，读取了部门第一页（2 条，例如“<span translate="no">部门1</span>”）');
    expect(html).toContain("未设置密码校验接口");
    expect(html).not.toContain("signed in");
    expect(wrongLanguage(html, "zh-CN")).toEqual([]);

    oa.state.mode = "unauthorized";
    const refused = await client.post("/admin/oa/connection/test");
    expect(refused.status).toBe(502);
    const failed = await refused.text();
    expect(text(failed)).toContain("OA 拒绝了桥接服务的凭据（HTTP 401）");
    expect(wrongLanguage(failed, "zh-CN")).toEqual([]);
  });

  test("en: the same facts in English, without Chinese outside the data; a refusal in English", async () => {
    oa = startFixtureOa();
    const client = await adminIn("en");
    expect((await client.post("/admin/oa/connection", connForm(oa.url, oa.token))).status).toBe(303);
    const html = await (await client.post("/admin/oa/connection/test")).text();
    expect(text(html)).toContain("The connection works: signed in with a bearer token and read the first page of departments (2, e.g.");
    expect(html).toContain('of people (2, e.g. &quot;<span translate="no">user1</span>&quot;); no password check is set');
    expect(wrongLanguage(html, "en")).toEqual([]);

    oa.state.mode = "unauthorized";
    const failed = await (await client.post("/admin/oa/connection/test")).text();
    expect(text(failed)).toContain("The OA refused the bridge's credentials (HTTP 401)");
    expect(wrongLanguage(failed, "en")).toEqual([]);
  });

  test("the API answers the English detail with the code and params beside it", async () => {
    oa = startFixtureOa();
    h = await startHarness();
    const saved = await h.call("PUT", "/api/v1/oa/connection", { tenant: "default", body: { type: "http", settings: fixtureSettings(oa.url), secrets: { token: oa.token } } });
    expect(saved.status).toBe(200);
    const body = (await (await h.call("POST", "/api/v1/oa/connection/test", { tenant: "default" })).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      ok: true,
      code: "OA_TEST_HTTP",
      params: { auth: "bearer", departments: 2, people: 2, departmentExample: "部门1", personExample: "user1" },
      detail: 'signed in with a bearer token and read the first page of departments (2, e.g. "部门1") and of people (2, e.g. "user1"); no password check is set',
    });
  });
});

const PEOPLE = {
  name: "人员.csv",
  text: ["人员ID,账号,姓名,部门,手机,兼职部门", "1,zs,张三,公司>>研发部,not-a-phone,", "2,,李四,,,", "3,ww,王五,公司>>研发部,,公司>>>>坏"].join("\n"),
};

describe("CSV import failures in the admin's language, one language at a time", () => {
  for (const lang of ["zh-CN", "en"] as const) {
    test(`${lang}: the failed rows on the page and in the downloaded result file`, async () => {
      const client = await adminIn(lang);
      await client.post("/admin/oa/connection", { type: "csv" });
      const res = await upload(client, "/admin/oa/csv/users", PEOPLE);
      expect(res.status).toBe(303);
      const html = (await client.getText(res.headers.get("location")!)).html;
      const page = text(html);
      if (lang === "zh-CN") {
        expect(html).toContain('手机号格式不正确：“<span translate="no">not-a-phone</span>”');
        expect(page).toContain("账号为空；部门路径为空");
        expect(html).toContain('兼职部门：部门路径有空层级：“<span translate="no">公司&gt;&gt;&gt;&gt;坏</span>”');
      } else {
        expect(html).toContain(`the mobile number is not valid: &#39;<span translate="no">not-a-phone</span>&#39;`);
        expect(page).toContain("the account is empty; the department path is empty");
      }
      expect(page).not.toMatch(/ \/ the |为空 \//);
      expect(wrongLanguage(html, lang)).toEqual([]);

      const href = /href="(\/admin\/oa\/csv\/imports\/[^"]+\/result\.csv)"/.exec(html)?.[1] ?? "";
      const csv = await (await client.get(href)).text();
      if (lang === "zh-CN") {
        expect(csv).toContain("2,手机号格式不正确：“not-a-phone”,1,zs,张三");
        expect(csv).toContain("3,账号为空；部门路径为空,2,,李四");
        expect(csv).not.toContain("the mobile");
      } else {
        expect(csv).toContain("2,the mobile number is not valid: 'not-a-phone',1,zs,张三");
        expect(csv).toContain("3,the account is empty; the department path is empty,2,,李四");
        expect(csv).not.toContain("手机号格式");
      }
    });
  }

  test("en: the format help names the Chinese column headers as code, so no Chinese is left outside it", async () => {
    const client = await adminIn("en");
    const html = (await client.getText("/admin/oa/csv")).html;
    expect(html).toContain("Required column <code>部门路径</code> (the department path)");
    expect(html).toContain("Required columns: <code>人员ID</code>");
    expect(wrongLanguage(html, "en")).toEqual([]);
  });
});

describe("form errors in the admin's language", () => {
  const badPortal = { webBaseUrl: "ftp://oa.example.cn/?x=1", ssoPath: "sso", handoffAlg: "HS256", moduleName: ["首页", "首页"], modulePath: ["/", "/b"] };

  test("zh-CN: the portal form's and the connection form's field errors are Chinese", async () => {
    const client = await adminIn("zh-CN");
    const portal = await client.post("/admin/oa/portal", badPortal);
    expect(portal.status).toBe(422);
    const html = await portal.text();
    for (const said of ["请填写完整的 http(s) 地址", "路径需以单个 / 开头", "请从给定的签名算法中选择", "模块名称不能重复"]) expect(html).toContain(said);
    expect(html).not.toContain("must be");
    expect(html).not.toContain("Invalid option");
    expect(wrongLanguage(html, "zh-CN")).toEqual([]);

    const conn = await client.post("/admin/oa/connection", { ...connForm("not a url", "t"), "departments.path": "org", "paging.size": "0", "auth.type": "header", "auth.name": "X Api" });
    expect(conn.status).toBe(422);
    const form = await conn.text();
    for (const said of ["请填写完整的 http(s) 地址", "须以 / 开头", "至少 1", "只能包含字母、数字和连字符"]) expect(form).toContain(said);
    expect(form).not.toMatch(/Invalid|must start|a header name/);
    expect(wrongLanguage(form, "zh-CN")).toEqual([]);
  });

  test("en: the same errors in English", async () => {
    const client = await adminIn("en");
    const html = await (await client.post("/admin/oa/portal", badPortal)).text();
    for (const said of ["Enter a whole http(s) address", "Choose one of the signing algorithms offered", "Module names must be unique"]) expect(html).toContain(said);
    expect(wrongLanguage(html, "en")).toEqual([]);

    const form = await (await client.post("/admin/oa/connection", { ...connForm("not a url", "t"), "departments.path": "org", "paging.size": "0" })).text();
    for (const said of ["Enter a whole http(s) address", "Must start with /", "At least 1"]) expect(form).toContain(said);
    expect(wrongLanguage(form, "en")).toEqual([]);
  });
});

describe("a failed refresh in the admin's language", () => {
  /** A refresh that worked, then one with the OA gone (its port closed). */
  async function failedRefresh(client: AdminClient): Promise<string> {
    oa = startFixtureOa();
    expect((await client.post("/admin/oa/connection", connForm(oa.url, oa.token))).status).toBe(303);
    expect((await client.post("/admin/oa/refresh")).status).toBe(303);
    oa.stop();
    const failed = await client.post("/admin/oa/refresh");
    expect(failed.status).toBe(502);
    return (await client.getText("/admin/oa/directory")).html;
  }

  /** The last refresh (the summary) and the history table each say the failure once. */
  const times = (html: string, text: string) => plainText(html).split(text).length - 1;

  test("zh-CN: the summary and the history say why in Chinese, the code beside it", async () => {
    const client = await adminIn("zh-CN");
    const html = await failedRefresh(client);
    expect(times(html, "无法连接到 OA（")).toBe(2);
    expect(times(html, "OA_UNREACHABLE")).toBe(2);
    expect(html).not.toContain("cannot be reached");
    expect(wrongLanguage(html, "zh-CN")).toEqual([]);
  });

  test("en: the same failure in English", async () => {
    const client = await adminIn("en");
    const html = await failedRefresh(client);
    expect(times(html, `The OA at ${oa!.url}/org/depts cannot be reached (connection refused)`)).toBe(2);
    expect(html).not.toContain("无法连接到 OA");
    expect(wrongLanguage(html, "en")).toEqual([]);
  });

  test("the API keeps a readable English message beside the code; a row stored as text before codes reads as written", async () => {
    const client = await adminIn("zh-CN");
    await failedRefresh(client);
    await h!.deps.database.client.execute({
      sql: "INSERT INTO oa_refreshes (id, tenant_id, trigger, kind, status, started_at, finished_at, error_code, error) SELECT 'old', tenant_id, 'manual', 'full', 'failed', 1, 2, 'OA_TIMEOUT', 'the OA did not answer' FROM oa_refreshes LIMIT 1",
      args: [],
    });
    const { items } = (await (await h!.call("GET", "/api/v1/oa/refreshes", { tenant: "default" })).json()) as { items: { id: string; status: string; errorCode: string | null; error: string | null }[] };
    const failed = items.find((r) => r.status === "failed" && r.id !== "old")!;
    expect(failed.errorCode).toBe("OA_UNREACHABLE");
    expect(failed.error).toStartWith(`The OA at ${oa!.url}/org/depts cannot be reached (connection refused).`);
    expect(items.find((r) => r.id === "old")).toMatchObject({ errorCode: "OA_TIMEOUT", error: "the OA did not answer" });
    expect(plainText((await client.getText("/admin/oa/directory")).html)).toContain("OA_TIMEOUT the OA did not answer");
  });
});
