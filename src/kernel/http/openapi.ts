import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { Scalar } from "@scalar/hono-api-reference";
import { scalarStandalonePath } from "../embedded.ts";
import type { AppEnv } from "./env.ts";
import { requireScope, type RouteScope } from "./scope.ts";
import { throwValidation } from "./validation.ts";

/** A router whose every validation failure becomes the project's 422 problem. */
export function createApi(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: (result) => throwValidation(result as Parameters<typeof throwValidation>[0]) });
}

export const Problem = z
  .object({
    type: z.string().openapi({ description: "A stable URI per code; GET /errors lists every code" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: "NOT_FOUND" }),
    retryable: z.boolean(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

const PROBLEMS = {
  401: problem("No token, or an unknown, revoked or expired one."),
  403: problem("The token's scopes or level do not allow this."),
  404: problem("Not found (or not visible to this token's tenant)."),
  422: problem("Invalid input; `errors` lists each field."),
} as const;

/**
 * Declares a protected API route: bearer auth in the document, the scope it needs both as a
 * check (middleware) and as `x-scope` (read by the shared security tests).
 */
export function apiRoute<const R extends Omit<RouteConfig, "middleware" | "security">>(scope: RouteScope, config: R) {
  return createRoute({
    ...config,
    security: [{ bearerAuth: [] }],
    middleware: [requireScope(scope)] as const,
    "x-scope": scope,
    responses: { ...PROBLEMS, ...config.responses },
  } as R & { middleware: [ReturnType<typeof requireScope>]; responses: R["responses"] & typeof PROBLEMS });
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * The API reference page (GET /api/docs) and its script, both from the bridge: Scalar's bundle is
 * served from node_modules (embedded in the binary), its web fonts, proxy, "Ask AI" agent,
 * telemetry and developer toolbar are off, and the page's CSP lets it reach no other host.
 */
export function apiDocsRoutes(publicUrl: string) {
  const r = new Hono();
  r.get("/standalone.js", () => {
    const file = Bun.file(scalarStandalonePath());
    return new Response(file, { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" } });
  });
  const page = Scalar({
    url: "/api/v1/openapi.json",
    cdn: "/api/docs/standalone.js",
    pageTitle: "welink-bridge API",
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never",
    documentDownloadType: "json",
  });
  const csp = `default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ${new URL(publicUrl).origin}; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'`;
  r.use("/", async (c, next) => {
    await next();
    c.res.headers.set("Content-Security-Policy", csp);
  });
  r.get("/", page);
  return r;
}
