import type { Context } from "hono";
import { problemType } from "../error-catalog.ts";
import { AppError, TITLES } from "../errors.ts";

/** Renders an AppError as RFC 9457 problem+json, with the request id. */
export function problemResponse(c: Context, err: AppError): Response {
  const body: Record<string, unknown> = {
    type: problemType(err.code),
    title: TITLES[err.status] ?? "Error",
    status: err.status,
    detail: err.message,
    code: err.code,
    retryable: err.retryable,
    requestId: c.get("requestId"),
  };
  if (err.errors) body.errors = err.errors;
  return new Response(JSON.stringify(body), {
    status: err.status,
    headers: {
      "content-type": "application/problem+json; charset=utf-8",
      "x-request-id": String(c.get("requestId") ?? ""),
      ...err.headers,
    },
  });
}
