import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, type createApi, jsonBody, jsonContent } from "../kernel/http/openapi.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { CorpParam } from "../corps/index.ts";
import { linkDept, listDeptBindings, searchOaDepts, unlinkDept } from "./dept-bindings.ts";

const tags = ["Bindings"];
const DeptBinding = z
  .object({
    deptCode: z.string(),
    oaDeptId: z.string(),
    oaPath: z.array(z.string()).nullable().openapi({ description: "OA department names from the top down; null when the OA snapshot no longer has it" }),
    method: z.enum(["match", "admin", "created"]),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi("DeptBinding");
const DeptParam = CorpParam.extend({ deptCode: z.string().min(1).max(128).openapi({ param: { name: "deptCode", in: "path" } }) });
const OaDeptQuery = z.object({ q: z.string().max(100).default(""), limit: z.coerce.number().int().min(1).max(500).default(50) });
const OaDeptChoice = z.object({ id: z.string(), path: z.array(z.string()) }).openapi("OaDeptChoice");

/** WeLink department ⇄ OA department links by hand (OA → WeLink planning reads them). */
export function deptBindingRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/dept-bindings", tags, summary: "WeLink departments linked to OA departments, with the OA path", request: { params: CorpParam }, responses: { 200: jsonContent(z.object({ items: z.array(DeptBinding) }), "Links") } }),
    async (c) => c.json({ items: await listDeptBindings(deps, tenantCtx(c), c.req.valid("param").corpId) }, 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/oa-departments", tags, summary: "OA departments of the snapshot to link to (q searches name and id), with their paths", request: { params: CorpParam, query: OaDeptQuery }, responses: { 200: jsonContent(z.object({ items: z.array(OaDeptChoice), total: z.number().int() }), "OA departments") } }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await searchOaDepts(deps, tenantCtx(c), c.req.valid("param").corpId, q.q, q.limit), 200);
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "put", path: "/corps/{corpId}/dept-bindings/{deptCode}", tags,
      summary: "Link a WeLink department to an OA department by hand (replaces its link; OA → WeLink planning then treats it as that OA department)",
      request: { params: DeptParam, body: jsonBody(z.object({ oaDeptId: z.string().min(1).max(128) })) },
      responses: { 200: jsonContent(DeptBinding, "The link") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await linkDept(deps, tenantCtx(c), p.corpId, p.deptCode, c.req.valid("json").oaDeptId), 200);
    },
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/corps/{corpId}/dept-bindings/{deptCode}", tags, summary: "Unlink a WeLink department from its OA department", request: { params: DeptParam }, responses: { 204: { description: "Unlinked" } } }),
    async (c) => {
      const p = c.req.valid("param");
      await unlinkDept(deps, tenantCtx(c), p.corpId, p.deptCode);
      return c.body(null, 204);
    },
  );
}
