import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { apiRoute, createApi, jsonContent, Problem } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { importDepartmentsCsv } from "./import-departments.ts";
import { importUsersCsv } from "./import-users.ts";
import { getCsvImport, getCsvImportResult, listCsvImports } from "./imports.ts";
import type { CsvUpload } from "./run.ts";
import { csvBodyOf, fileNameOf } from "./upload.ts";

type RowReasonShape = { code: string; params?: Record<string, string | number>; cause?: RowReasonShape };
const RowReason: z.ZodType<RowReasonShape> = z
  .object({
    code: z.string().openapi({ example: "row.mobile" }),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    get cause() {
      return RowReason.optional();
    },
  })
  .openapi("CsvRowReason", { description: "A row's reason: `cause` is the reason inside (a part-time department's, a stop's)" });
const CsvImportItem = z
  .object({
    id: z.string(),
    kind: z.enum(["departments", "users"]),
    fileName: z.string(),
    encoding: z.string().openapi({ example: "gb18030", description: "`utf-8-bom`, `utf-8` or `gb18030`, as detected" }),
    createdAt: z.string(),
    createdBy: z.string(),
    totalRows: z.number().int(),
    okRows: z.number().int(),
    failedRows: z.number().int(),
    createdDepts: z.number().int(),
  })
  .openapi("CsvImportItem");
const CsvImport = CsvImportItem.extend({
  failures: z
    .array(
      z.object({
        line: z.number().int(),
        reason: z.string().openapi({ description: "Why, in English" }),
        reasons: z.array(RowReason).openapi({ description: "Why, as codes with params (the admin words them in its language)" }),
      }),
    )
    .openapi({ description: "The first 100 failed rows; the result file has all" }),
}).openapi("CsvImport");

const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const UploadQuery = z.object({
  fileName: z.string().max(255).optional().openapi({ description: "The file's name, for the import list (or send a Content-Disposition filename)" }),
});
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() });

const csvFile = {
  required: true,
  description:
    "The file itself (not JSON, not a form), UTF-8 with or without BOM or GB18030/GBK; the encoding is detected, a charset parameter is ignored.",
  content: { "text/csv": { schema: z.string().openapi({ format: "binary" }) } },
};
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: Problem } } });
const tags = ["OA CSV import"];

/** The upload as a stream: the file is read once, row by row, never held whole. */
function uploadOf(c: Context<AppEnv>, query: string | undefined): CsvUpload {
  return { fileName: fileNameOf(c, query), body: csvBodyOf(c) };
}

/** Routes of the CSV "OA": uploads of departments and people files, and their results. */
export function csvRoutes(deps: Deps) {
  const api = createApi();
  for (const [kind, use] of [
    ["departments", importDepartmentsCsv],
    ["users", importUsersCsv],
  ] as const) {
    api.openapi(
      apiRoute("admin", {
        method: "post",
        path: `/oa/csv/${kind}`,
        tags,
        summary: kind === "departments" ? "Import a departments file (paths like 公司>>研发部>>平台组)" : "Import a people file",
        description: "Good rows are kept; every failed row is listed, with its line and reason, in the import's result file.",
        request: { query: UploadQuery, body: csvFile },
        responses: {
          201: jsonContent(CsvImport, "What was imported and what failed"),
          400: problem("No tenant named (X-Bridge-Tenant)."),
          413: problem("The file is larger than the upload limit."),
          415: problem("The body is not a CSV file."),
        },
      }),
      async (c) => {
        const ctx = tenantCtx(c);
        return c.json(await use(deps, ctx, uploadOf(c, c.req.valid("query").fileName)), 201);
      },
    );
  }

  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/oa/csv/imports",
      tags,
      summary: "List the tenant's CSV imports, newest first",
      request: { query: ListQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(CsvImportItem) }), "Imports") },
    }),
    async (c) => c.json({ items: await listCsvImports(deps, tenantCtx(c), c.req.valid("query")) }, 200),
  );

  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/oa/csv/imports/{id}",
      tags,
      summary: "Get one CSV import's summary",
      request: { params: IdParam },
      responses: { 200: jsonContent(CsvImport, "The import") },
    }),
    async (c) => c.json(await getCsvImport(deps, tenantCtx(c), c.req.valid("param").id), 200),
  );

  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/oa/csv/imports/{id}/result.csv",
      tags,
      summary: "Download the failed rows, each with its line and reason",
      request: { params: IdParam },
      responses: { 200: { description: "CSV (UTF-8 with BOM, so Excel reads Chinese right)", content: { "text/csv": { schema: z.string() } } } },
    }),
    async (c) => {
      const { fileName, csv } = await getCsvImportResult(deps, tenantCtx(c), c.req.valid("param").id, "en");
      const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
      return c.body(`\uFEFF${csv}`, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      });
    },
  );
  return api;
}
