import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, createApi, jsonContent } from "../kernel/http/openapi.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { CorpParam } from "../corps/index.ts";
import { getPersonCard, listDeptChildren, listWelinkPeople, PEOPLE_FILTERS, ROOT_DEPT } from "./browse.ts";

const tags = ["WeLink directory"];

const Dept = z
  .object({
    deptCode: z.string(),
    parentCode: z.string(),
    nameCn: z.string(),
    nameEn: z.string().nullable(),
    orderNo: z.number().int(),
    removed: z.boolean(),
    childCount: z.number().int(),
    userCount: z.number().int(),
  })
  .openapi("WelinkDept");

const Person = z
  .object({
    userId: z.string(),
    corpUserId: z.string().nullable(),
    nameCn: z.string(),
    nameEn: z.string().nullable(),
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    employeeId: z.string().nullable(),
    position: z.string().nullable(),
    mainDeptCode: z.string().nullable(),
    deptCodes: z.array(z.string()),
    status: z.number().int(),
    removedAt: z.string().nullable(),
    updatedAt: z.string(),
    binding: z.object({ oaUserId: z.string(), method: z.string(), oaAccount: z.string().nullable(), oaName: z.string().nullable() }).nullable(),
    inReview: z.boolean(),
  })
  .openapi("WelinkPerson");

const OaPerson = z.object({ id: z.string(), account: z.string(), name: z.string(), mobile: z.string().nullable(), email: z.string().nullable(), employeeNo: z.string().nullable(), active: z.boolean() });

const Card = z
  .object({
    person: Person,
    oaPerson: OaPerson.nullable(),
    review: z.object({ id: z.string(), field: z.string(), createdAt: z.string(), candidates: z.array(OaPerson) }).nullable(),
    changes: z.array(
      z.object({ id: z.string(), runId: z.string(), runKind: z.string(), runTrigger: z.string(), at: z.string(), action: z.string(), before: z.unknown(), after: z.unknown(), applied: z.boolean(), reason: z.string().nullable(), reasonCode: z.string().nullable() }),
    ),
    bindingHistory: z.array(
      z.object({ at: z.string(), action: z.string(), actor: z.string(), before: z.unknown(), after: z.unknown(), oaUserId: z.string().nullable(), oa: z.object({ id: z.string(), account: z.string(), name: z.string() }).nullable() }),
    ),
  })
  .openapi("WelinkPersonCard");

const DeptQuery = z.object({ parent: z.string().min(1).max(128).optional().openapi({ description: `Parent department code; "${ROOT_DEPT}" (default) is the top level` }) });
const PeopleQuery = z.object({
  q: z.string().max(100).optional(),
  filter: z.enum(PEOPLE_FILTERS).optional(),
  dept: z.string().max(128).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const PersonParam = CorpParam.extend({ userId: z.string().min(1).max(128).openapi({ param: { name: "userId", in: "path" } }) });

/** Read-only browsing of a corp's WeLink directory mirror: the tree one level at a time, people, a person's card. */
export function browseRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/corps/{corpId}/welink/departments",
      tags,
      summary: "One level of the WeLink department tree, with child and people counts",
      request: { params: CorpParam, query: DeptQuery },
      responses: { 200: jsonContent(z.object({ parent: Dept.nullable(), items: z.array(Dept) }), "Departments under the parent") },
    }),
    async (c) => c.json(await listDeptChildren(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("query").parent ?? ROOT_DEPT), 200),
  );
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/corps/{corpId}/welink/people",
      tags,
      summary: "WeLink people, searched and filtered (bound, unbound, in review, removed in WeLink)",
      request: { params: CorpParam, query: PeopleQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(Person), total: z.number().int() }), "People") },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listWelinkPeople(deps, tenantCtx(c), c.req.valid("param").corpId, { ...q, deptCode: q.dept }), 200);
    },
  );
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/corps/{corpId}/welink/people/{userId}",
      tags,
      summary: "A WeLink person's card: fields, bound OA person, open review, changes and binding history",
      request: { params: PersonParam },
      responses: { 200: jsonContent(Card, "The card") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const { reasons: _pageOnly, ...card } = await getPersonCard(deps, tenantCtx(c), p.corpId, p.userId);
      return c.json(card as z.infer<typeof Card>, 200);
    },
  );
  return api;
}
