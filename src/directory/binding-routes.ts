import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../kernel/http/openapi.ts";
import { csvBodyOf, csvText } from "../oa/index.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { CorpParam, corpRowOf, parseBindingRule } from "../corps/index.ts";
import { adminBind, adminUnbind, listBindings, unbindAll } from "./binding-admin.ts";
import { exportBindingSheet } from "./binding-export.ts";
import { importBindingSheet } from "./binding-import.ts";
import { autoBindCorp } from "./bindings-auto.ts";
import { RULE_FIELDS } from "./match.ts";
import { deptBindingRoutes } from "./dept-binding-routes.ts";
import { dismissReview, listReviews, pickCandidate } from "./review.ts";

const tags = ["Bindings"];
const Binding = z
  .object({
    welinkUserId: z.string(),
    welinkName: z.string().nullable(),
    oaUserId: z.string(),
    oaAccount: z.string().nullable(),
    oaName: z.string().nullable(),
    method: z.enum(["password", "rule", "admin", "import"]),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi("Binding");
const Review = z
  .object({ id: z.string(), corpId: z.string(), welinkUserId: z.string(), field: z.string(), candidates: z.array(z.string()), createdAt: z.string() })
  .openapi("BindingReview");
const UserParam = CorpParam.extend({ welinkUserId: z.string().min(1).max(128).openapi({ param: { name: "welinkUserId", in: "path" } }) });
const ReviewParam = z.object({ reviewId: z.string().min(1).max(64).openapi({ param: { name: "reviewId", in: "path" } }) });
const Page = z.object({ q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) });
const OaUser = z.object({ oaUserId: z.string().min(1).max(128) });
const Summary = z.object({
  bound: z.number().int(),
  review: z.number().int(),
  unmatched: z.number().int(),
  byTerm: z
    .array(z.object({ term: z.string().openapi({ example: "employeeNo:account" }), bound: z.number().int() }))
    .openapi({ description: "How many each term bound, in the rule's order. A term is 'oaField:welinkField' ('mobile' when both sides are the same field); an AND rule has one entry, its terms joined by '+'." }),
});
const ImportQuery = z.object({
  field: z.enum(RULE_FIELDS).openapi({ param: { name: "field", in: "query" }, description: "Which OA field the oa_value column holds" }),
});
const sheetFile = {
  required: true,
  description: "The exported sheet, filled in (or a result file, fixed): the file itself, UTF-8 (with or without BOM) or GB18030/GBK, up to the upload limit.",
  content: { "text/csv": { schema: z.string().openapi({ format: "binary" }) } },
};
const ImportResult = z
  .object({
    totalRows: z.number().int(),
    bound: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    failures: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    resultCsv: z.string().openapi({ description: "Failed rows with line and reason; save it, fix it and upload it again. Not stored by the bridge." }),
  })
  .openapi("BindingImportResult");

function bindingRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/bindings", tags, summary: "List an enterprise's bindings (paged, q searches ids, account and names)", request: { params: CorpParam, query: Page }, responses: { 200: jsonContent(z.object({ items: z.array(Binding), total: z.number().int() }), "Bindings") } }),
    async (c) => c.json(await listBindings(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("query")), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "put", path: "/corps/{corpId}/bindings/{welinkUserId}", tags, summary: "Bind a WeLink person to an OA person (allowed on read-only enterprises)", request: { params: UserParam, body: jsonBody(OaUser) }, responses: { 200: jsonContent(Binding, "The binding") } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await adminBind(deps, tenantCtx(c), p.corpId, p.welinkUserId, c.req.valid("json").oaUserId), 200);
    },
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/corps/{corpId}/bindings/{welinkUserId}", tags, summary: "Unbind a WeLink person", request: { params: UserParam }, responses: { 204: { description: "Unbound" } } }),
    async (c) => {
      const p = c.req.valid("param");
      await adminUnbind(deps, tenantCtx(c), p.corpId, p.welinkUserId);
      return c.body(null, 204);
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/corps/{corpId}/bindings/unbind-all",
      tags,
      summary: "Remove every binding of the enterprise; `confirm` must be the current count (a 409 states it)",
      request: { params: CorpParam, body: jsonBody(z.object({ confirm: z.number().int().min(0) })) },
      responses: { 200: jsonContent(z.object({ removed: z.number().int() }), "Removed") },
    }),
    async (c) => c.json(await unbindAll(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json").confirm), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "post", path: "/corps/{corpId}/auto-bind", tags, summary: "Run the enterprise's binding rule now over its unbound WeLink people", request: { params: CorpParam }, responses: { 200: jsonContent(Summary, "What the rule did") } }),
    async (c) => {
      const corp = await corpRowOf(deps.db, tenantCtx(c), c.req.valid("param").corpId);
      if (!parseBindingRule(corp.bindingRule).enabled) throw new AppError("BINDING_RULE_DISABLED");
      return c.json(await autoBindCorp(deps, corp.id, tenantCtx(c)), 200);
    },
  );
}

function reviewRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/binding-reviews", tags, summary: "People the rule found several OA candidates for", request: { params: CorpParam, query: Page }, responses: { 200: jsonContent(z.object({ items: z.array(Review), total: z.number().int() }), "Open reviews") } }),
    async (c) => c.json(await listReviews(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("query")), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "post", path: "/binding-reviews/{reviewId}/pick", tags, summary: "Bind the person to one of the candidates", request: { params: ReviewParam, body: jsonBody(OaUser) }, responses: { 200: jsonContent(z.object({ welinkUserId: z.string(), oaUserId: z.string() }), "Bound") } }),
    async (c) => {
      const b = await pickCandidate(deps, tenantCtx(c), c.req.valid("param").reviewId, c.req.valid("json").oaUserId);
      return c.json({ welinkUserId: b.welinkUserId, oaUserId: b.oaUserId }, 200);
    },
  );
  api.openapi(
    apiRoute("admin", { method: "post", path: "/binding-reviews/{reviewId}/dismiss", tags, summary: "Dismiss a review (the rule will not raise it again for the same candidates)", request: { params: ReviewParam }, responses: { 200: jsonContent(Review, "Dismissed") } }),
    async (c) => c.json(await dismissReview(deps, tenantCtx(c), c.req.valid("param").reviewId), 200),
  );
}

function sheetRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/bindings/export.csv", tags, summary: "The enterprise's WeLink people as CSV with their current bindings (oa_user_id, oa_account, oa_name) and an empty oa_value column; ?template=true leaves the binding columns empty", request: { params: CorpParam, query: z.object({ template: z.enum(["true", "false"]).optional().openapi({ param: { name: "template", in: "query" } }) }) }, responses: { 200: { description: "CSV (UTF-8 with BOM)", content: { "text/csv": { schema: z.string() } } } } }),
    async (c) => {
      const { fileName, csv } = await exportBindingSheet(deps, tenantCtx(c), c.req.valid("param").corpId, { template: c.req.valid("query").template === "true" });
      const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
      return c.body(`\uFEFF${csv}`, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}` });
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/corps/{corpId}/bindings/import",
      tags,
      summary: "Bind from a filled-in sheet (send the CSV as the body, Content-Type text/csv); failed rows come back as resultCsv",
      request: { params: CorpParam, query: ImportQuery, body: sheetFile },
      responses: { 200: jsonContent(ImportResult, "What was bound and what failed"), 413: { description: "Larger than the upload limit" }, 415: { description: "Not a CSV body" } },
    }),
    async (c) => {
      const ctx = tenantCtx(c);
      await corpRowOf(deps.db, ctx, c.req.valid("param").corpId); // another tenant's corp: 404 before the body is read
      const csv = await csvText(csvBodyOf(c));
      return c.json(await importBindingSheet(deps, ctx, c.req.valid("param").corpId, { field: c.req.valid("query").field, csv }), 200);
    },
  );
}

/** The binding API: admin binding, department links, bulk unbind, the review queue, the rule on demand, export / import. */
export function bindingApiRoutes(deps: Deps) {
  const api = createApi();
  bindingRoutes(deps, api);
  reviewRoutes(deps, api);
  sheetRoutes(deps, api);
  deptBindingRoutes(deps, api);
  return api;
}
