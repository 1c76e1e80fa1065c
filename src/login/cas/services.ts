import { z } from "@hono/zod-openapi";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import * as store from "./store.ts";

/** What a service may be told about the person (released per service on /p3/serviceValidate). */
export const CAS_ATTRIBUTES = ["name", "mobile", "email", "employeeId", "welinkUserId", "welinkCorp"] as const;
export type CasAttribute = (typeof CAS_ATTRIBUTES)[number];

/** scheme + host (+ port) + path prefix, normalised by the URL parser; no wildcard, query, fragment or user info. */
export const UrlPrefix = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((v, ctx) => {
    const problem = prefixProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((v) => {
    const u = new URL(v);
    return `${u.origin}${u.pathname}`;
  })
  .openapi({ example: "https://oa.example.com/cas/", description: "http(s) scheme, host, optional port and path prefix; no wildcards, query or fragment" });

function prefixProblem(v: string): string | undefined {
  if (v.includes("*")) return "wildcards are not allowed: give the scheme, host and path prefix";
  if (!URL.canParse(v)) return "must be an absolute URL such as https://oa.example.com/cas/";
  const u = new URL(v);
  if (u.protocol !== "https:" && u.protocol !== "http:") return "must start with https:// or http://";
  if (u.username || u.password) return "must not carry a user name or password";
  if (u.search || v.includes("?")) return "must not carry a query";
  if (u.hash || v.includes("#")) return "must not carry a fragment";
  return undefined;
}

export const CasServiceInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    urlPrefix: UrlPrefix,
    attributes: z.array(z.enum(CAS_ATTRIBUTES)).max(CAS_ATTRIBUTES.length).default([]).openapi({ description: "Attributes released on /p3/serviceValidate" }),
    singleLogout: z.boolean().default(true).openapi({ description: "Send the SAML back-channel logout request when the session ends" }),
  })
  .openapi("CasServiceInput");
export type CasServiceInput = z.infer<typeof CasServiceInput>;
export const CasServicePatch = z
  .object({ name: CasServiceInput.shape.name.optional(), urlPrefix: UrlPrefix.optional(), attributes: z.array(z.enum(CAS_ATTRIBUTES)).max(CAS_ATTRIBUTES.length).optional(), singleLogout: z.boolean().optional() })
  .openapi("CasServicePatch");
export type CasServicePatch = z.infer<typeof CasServicePatch>;

export type CasService = { id: string; name: string; urlPrefix: string; attributes: CasAttribute[]; singleLogout: boolean; createdAt: string; updatedAt: string };

const known = new Set<string>(CAS_ATTRIBUTES);
export const attributesOf = (row: store.CasServiceRow): CasAttribute[] => (JSON.parse(row.attributes) as string[]).filter((a): a is CasAttribute => known.has(a));
const viewOf = (row: store.CasServiceRow): CasService => ({
  id: row.id, name: row.name, urlPrefix: row.urlPrefix, attributes: attributesOf(row), singleLogout: row.singleLogout,
  createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
});
const dedupe = (a: CasAttribute[]) => JSON.stringify(CAS_ATTRIBUTES.filter((x) => a.includes(x)));
const target = (id: string) => `cas-service:${id}`;

export async function listCasServices(deps: Deps, tenantId: string): Promise<CasService[]> {
  return (await store.listServiceRows(deps.db, tenantId)).map(viewOf);
}

export async function getCasService(deps: Deps, tenantId: string, id: string): Promise<CasService> {
  const row = await store.findServiceRow(deps.db, tenantId, id);
  if (!row) throw errors.notFound("casService", id);
  return viewOf(row);
}

export async function createCasService(deps: Deps, ctx: Ctx & { tenant: { id: string } }, input: CasServiceInput): Promise<CasService> {
  const now = deps.clock.now();
  const row: store.CasServiceRow = { id: newId(), tenantId: ctx.tenant.id, name: input.name, urlPrefix: input.urlPrefix, attributes: dedupe(input.attributes), singleLogout: input.singleLogout, createdAt: now, updatedAt: now };
  await inTransaction(deps.db, async (tx) => {
    await store.insertServiceRow(tx, row);
    await recordAudit(tx, now, ctx, { action: "cas.service.create", target: target(row.id), after: viewOf(row) });
  });
  return viewOf(row);
}

export async function updateCasService(deps: Deps, ctx: Ctx & { tenant: { id: string } }, id: string, patch: CasServicePatch): Promise<CasService> {
  return inTransaction(deps.db, async (tx) => {
    const before = await store.findServiceRow(tx, ctx.tenant.id, id);
    if (!before) throw errors.notFound("casService", id);
    const now = deps.clock.now();
    const after: store.CasServiceRow = {
      ...before,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.urlPrefix !== undefined && { urlPrefix: patch.urlPrefix }),
      ...(patch.attributes !== undefined && { attributes: dedupe(patch.attributes) }),
      ...(patch.singleLogout !== undefined && { singleLogout: patch.singleLogout }),
      updatedAt: now,
    };
    await store.updateServiceRow(tx, ctx.tenant.id, id, after);
    await recordAudit(tx, now, ctx, { action: "cas.service.update", target: target(id), before: viewOf(before), after: viewOf(after) });
    return viewOf(after);
  });
}

export async function deleteCasService(deps: Deps, ctx: Ctx & { tenant: { id: string } }, id: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    const before = await store.findServiceRow(tx, ctx.tenant.id, id);
    if (!before) throw errors.notFound("casService", id);
    await store.deleteServiceRow(tx, ctx.tenant.id, id);
    await recordAudit(tx, deps.clock.now(), ctx, { action: "cas.service.delete", target: target(id), before: viewOf(before) });
  });
}
