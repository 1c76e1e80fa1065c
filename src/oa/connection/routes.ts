import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { deleteOaConnection, getOaConnection, OaConnectionInput, saveOaConnection, testOaConnection } from "./connection.ts";
import { getOaDirectory, listOaDepartments, listOaRefreshes, listOaUsers } from "./directory.ts";
import { REFRESH_KINDS, refreshOaDirectory } from "./refresh.ts";

const tags = ["OA"];
const Connection = z
  .object({
    type: z.enum(["http", "demo", "ldap", "csv", "sql"]),
    settings: z.unknown(),
    secrets: z.record(z.string(), z.string().nullable()),
    refreshCron: z.string().nullable(),
    fullRefreshHours: z.number().int().nullable().openapi({ description: "LDAP: hours between full scheduled refreshes (null: 24); scheduled refreshes between them read changes only" }),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi("OaConnection");
const Refresh = z
  .object({
    id: z.string(),
    trigger: z.string(),
    kind: z.enum(["full", "changes"]).openapi({ description: "full: everything read and swapped in (finds deletions); changes: what changed since `mark`, merged in" }),
    status: z.enum(["running", "ok", "failed"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    departments: z.number().nullable(),
    users: z.number().nullable(),
    mark: z.string().nullable().openapi({ description: "Where the next changes-only refresh starts, in the source's own time (e.g. LDAP 20261205101500Z); null when the source cannot list changes" }),
    errorCode: z.string().nullable().openapi({ description: "Why it failed: an error catalog code (GET /api/v1/errors)" }),
    error: z.string().nullable().openapi({ description: "Why it failed, in English (the admin shows it in its language)" }),
  })
  .openapi("OaRefresh");
const Dept = z
  .object({ id: z.string(), parentId: z.string().nullable(), name: z.string(), order: z.number(), kind: z.literal("branch").optional().openapi({ description: "Present on an OA branch (分部 / subcompany)" }) })
  .openapi("OaDepartment");
const User = z
  .object({
    id: z.string(),
    account: z.string(),
    name: z.string(),
    mobile: z.string().optional(),
    email: z.string().optional(),
    employeeNo: z.string().optional(),
    position: z.string().optional(),
    mainDeptId: z.string().optional(),
    partTimeDeptIds: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi("OaUser");
const TestReport = z
  .object({
    ok: z.literal(true),
    detail: z.string().openapi({ description: "What was tried and found, in English" }),
    code: z.enum(["OA_TEST_HTTP", "OA_TEST_CSV", "OA_TEST_LDAP", "OA_TEST_SQL"]).openapi({ description: "The kind of report; with `params`, how the admin words it in its language" }),
    params: z
      .object({
        departments: z.number().int(),
        people: z.number().int(),
        departmentExample: z.string().optional(),
        personExample: z.string().optional(),
        auth: z.enum(["none", "bearer", "basic", "header"]).optional(),
        authName: z.string().optional().openapi({ description: "The basic user name or the custom header's name" }),
        passwordCheck: z.string().optional().openapi({ description: "The password check's path, when one is set (it is not called)" }),
      })
      .openapi({ description: "Counts of the first pages read (CSV: of the whole directory) and their first names" }),
    ms: z.number(),
  })
  .openapi("OaConnectionTest");
const UserQuery = z.object({
  q: z.string().max(100).optional(),
  deptId: z.string().max(500).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function oaRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", { method: "get", path: "/oa/connection", tags, summary: "The tenant's OA connection (secrets masked)", responses: { 200: jsonContent(Connection, "The connection") } }),
    async (c) => c.json((await getOaConnection(deps, tenantCtx(c))) as z.infer<typeof Connection>, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put",
      path: "/oa/connection",
      tags,
      summary: "Set the OA connection: type (http, csv, demo, sql), settings, secrets (kept when not sent), refresh schedule",
      request: { body: jsonBody(OaConnectionInput) },
      responses: { 200: jsonContent(Connection, "The saved connection") },
    }),
    async (c) => c.json((await saveOaConnection(deps, tenantCtx(c), c.req.valid("json"))) as z.infer<typeof Connection>, 200),
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/oa/connection", tags, summary: "Remove the OA connection (the directory snapshot stays)", responses: { 204: { description: "Removed" } } }),
    async (c) => {
      await deleteOaConnection(deps, tenantCtx(c));
      return c.body(null, 204);
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/oa/connection/test",
      tags,
      summary: "Test the OA connection; a failure says what is wrong in words",
      responses: { 200: jsonContent(TestReport, "The OA answered") },
    }),
    async (c) => c.json({ ok: true as const, ...(await testOaConnection(deps, tenantCtx(c))) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/oa/refresh",
      tags,
      summary: "Refresh the OA directory now (the previous snapshot stays if it fails)",
      request: {
        query: z.object({
          kind: z.enum(REFRESH_KINDS).default("full").openapi({
            description: "full (default): read everything, finds deletions; changes: only what changed since the last mark (LDAP / AD); auto: changes where possible, in full once the connection's full-refresh period has passed",
          }),
        }),
      },
      responses: { 200: jsonContent(Refresh, "The finished refresh") },
    }),
    async (c) => c.json(await refreshOaDirectory(deps, tenantCtx(c).tenant.id, "manual", c.req.valid("query").kind), 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/oa/refreshes", tags, summary: "Refresh history, newest first", responses: { 200: jsonContent(z.object({ items: z.array(Refresh) }), "Refreshes") } }),
    async (c) => c.json({ items: await listOaRefreshes(deps, tenantCtx(c)) }, 200),
  );
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/oa/directory",
      tags,
      summary: "The OA directory: counts, last refresh (with its errors) and the next scheduled one",
      responses: {
        200: jsonContent(
          z.object({
            connection: z.enum(["http", "demo", "ldap", "csv", "sql"]).nullable(),
            departments: z.number(),
            users: z.number(),
            lastRefresh: Refresh.nullable(),
            lastGoodRefresh: Refresh.nullable(),
            nextScheduledRefresh: z.string().nullable(),
          }),
          "The directory",
        ),
      },
    }),
    async (c) => c.json(await getOaDirectory(deps, tenantCtx(c)), 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/oa/departments", tags, summary: "The OA's departments (snapshot)", responses: { 200: jsonContent(z.object({ items: z.array(Dept) }), "Departments") } }),
    async (c) => c.json({ items: await listOaDepartments(deps, tenantCtx(c)) }, 200),
  );
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/oa/users",
      tags,
      summary: "The OA's people (snapshot), searchable by name, account, mobile, e-mail or id",
      request: { query: UserQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(User), total: z.number() }), "People") },
    }),
    async (c) => c.json(await listOaUsers(deps, tenantCtx(c), c.req.valid("query")), 200),
  );
  return api;
}
