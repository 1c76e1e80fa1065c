/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AdminEnv } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { connectionPages } from "./connection/pages.tsx";
import { csvPages } from "./csv/pages.tsx";
import { directoryPages } from "./connection/directory-pages.tsx";

/** The OA area of the admin: the connection, the directory snapshot and CSV imports (mounted under /admin). */
export function oaPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", connectionPages(deps));
  r.route("/", directoryPages(deps));
  r.route("/", csvPages(deps));
  return r;
}
