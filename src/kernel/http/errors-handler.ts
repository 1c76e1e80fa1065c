import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { AppError, errors } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { AppEnv } from "./env.ts";

/** Maps anything thrown to an AppError: our own, Hono's, zod's, or an unexpected one (500). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    return errors.validation(err.issues.map((i) => ({ path: i.path.map(String).join(".") || "input", message: i.message })));
  }
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return errors.malformedJson();
    if (err.status === 415) return errors.unsupportedMediaType();
    if (err.status === 413) return errors.tooLarge(0);
    if (err.status === 401) return errors.unauthorized();
    // Hono's own status, which the catalog cannot know; its message (English) is the reason.
    return new AppError("HTTP_ERROR", err.message ? { variant: "reason", reason: err.message } : {}, { status: err.status });
  }
  return errors.internal(err);
}

/** Logs what the client cannot be told (5xx causes), never what it sent. */
export function logError(log: Logger, c: Context<AppEnv>, err: unknown, appError: AppError): void {
  if (appError.status < 500) return;
  log.error("request failed", {
    requestId: c.get("requestId"),
    route: c.req.routePath,
    code: appError.code,
    error: err instanceof Error ? err : String(err),
  });
}

/** 405 (with Allow) when the path exists for other methods, else undefined (a real 404). */
export function methodNotAllowed(app: Hono<AppEnv>, method: string, path: string): AppError | undefined {
  const allowed = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL" || r.method === method) continue;
    const pattern = new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\/:[^/]+/g, "/[^/]+")}/?$`);
    if (pattern.test(path)) allowed.add(r.method);
  }
  if (allowed.size === 0) return undefined;
  if (allowed.has("GET")) allowed.add("HEAD");
  const allow = [...allowed].join(", ");
  return new AppError("METHOD_NOT_ALLOWED", { method, allowed: allow }, { headers: { Allow: allow } });
}
