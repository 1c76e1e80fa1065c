import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, type createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { CorpParam } from "../../corps/index.ts";
import { RunView } from "../run-view.ts";
import { applyEdit, type EditPreview, previewEdit } from "./edit.ts";
import { OrgEdit } from "./input.ts";

const tags = ["WeLink organisation edits"];

const EditRequest = z
  .object({
    edit: OrgEdit,
    confirm: z.boolean().default(false).openapi({ description: "Required (true) for a removal: deleting a department, disabling or deleting a person" }),
  })
  .openapi("OrgEditRequest");

const Item = z.object({
  object: z.enum(["dept", "user"]),
  action: z.string().openapi({ description: "create, update (rename), move or remove" }),
  welinkId: z.string().nullable().openapi({ description: "The WeLink deptCode / userId (a create's once written)" }),
  name: z.string(),
});
const Preview = z
  .object({
    item: Item.extend({
      changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable().openapi({ description: "{field: [before, after]}" }),
      reason: z.string(),
    }),
    removal: z.boolean().openapi({ description: "true: cannot be undone, so applying it needs confirm: true" }),
  })
  .openapi("OrgEditPreview");
const Result = z.object({ run: RunView, item: Item.extend({ state: z.string() }) }).openapi("OrgEditResult");

const previewView = (p: EditPreview): z.infer<typeof Preview> => ({
  item: { object: p.item.object, action: p.item.action, welinkId: p.item.welinkId, name: p.item.name, changes: p.item.changes, reason: p.item.reason },
  removal: p.removal,
});

/**
 * Edits of a read-write corp's WeLink organisation (JSON API under /api/v1). Read-only corps are
 * refused with CORP_READ_ONLY; a department with people in it with ORG_DEPT_NOT_EMPTY.
 */
export function orgEditRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/corps/{corpId}/org-edits/preview", tags,
      summary: "The one-object plan an edit would run, without running it",
      request: { params: CorpParam, body: jsonBody(EditRequest) },
      responses: { 200: jsonContent(Preview, "The plan") },
    }),
    async (c) => c.json(previewView(await previewEdit(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json").edit)), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/corps/{corpId}/org-edits", tags,
      summary: "Create, rename, move, disable or delete a WeLink department or person (read-write corps only); journalled as a run of kind edit, mirrored and audited",
      request: { params: CorpParam, body: jsonBody(EditRequest) },
      responses: { 200: jsonContent(Result, "WeLink took the edit; the mirror holds it") },
    }),
    async (c) => {
      const body = c.req.valid("json");
      return c.json(await applyEdit(deps, tenantCtx(c), c.req.valid("param").corpId, body.edit, { confirm: body.confirm }), 200);
    },
  );
}
