import { Hono, type Context } from "hono";
import type { Deps } from "../deps.ts";
import type { AppError } from "../kernel/errors.ts";
import type { AppEnv } from "../kernel/http/env.ts";

// Placeholder until the admin is written: the JSON API is complete without it.
export function adminRoutes(_deps: Deps) {
  const admin = new Hono<AppEnv>();
  admin.get("/", (c) => c.html("<h1>welink-bridge</h1>"));
  return admin;
}

export function renderAdminError(c: Context<AppEnv>, err: AppError) {
  return c.html(`<h1>${err.status}</h1><p>${err.message}</p>`, err.status as 400);
}
