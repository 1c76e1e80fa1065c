/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AdminEnv } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { adminUserPages } from "./admin-user-pages.tsx";
import { tenantPages } from "./tenant-pages.tsx";
import { tokenPages } from "./token-pages.tsx";

/** The tenancy area of the admin: tenants, API tokens and administrators (mounted under /admin). */
export function tenancyPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", tenantPages(deps));
  r.route("/", tokenPages(deps));
  r.route("/", adminUserPages(deps));
  return r;
}
