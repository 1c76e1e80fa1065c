/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AdminEnv } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { bindingIoPages } from "./binding-io-pages.tsx";
import { corpDirectoryPages } from "./corp-directory-pages.tsx";
import { deptLinkPages } from "./dept-link-pages.tsx";
import { personPages } from "./person-pages.tsx";
import { reviewPages } from "./review-pages.tsx";

/** The WeLink directory and bindings area of the admin (mounted under /admin; the sync tabs come from sync/). */
export function directoryAreaPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", corpDirectoryPages(deps));
  r.route("/", personPages(deps));
  r.route("/", deptLinkPages(deps));
  r.route("/", reviewPages(deps));
  r.route("/", bindingIoPages(deps));
  return r;
}
