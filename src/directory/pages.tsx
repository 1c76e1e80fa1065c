/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AdminEnv } from "../ui/session.ts";
import type { Deps } from "../deps.ts";
import { bindingIoPages } from "./binding-io-pages.tsx";
import { corpDirectoryPages } from "./corp-directory-pages.tsx";
import { personPages } from "./person-pages.tsx";
import { pushPages } from "../sync/pages/to-welink-pages.tsx";
import { reviewPages } from "./review-pages.tsx";
import { runPages } from "../sync/pages/run-pages.tsx";
import { syncSettingsPages } from "../sync/pages/settings-pages.tsx";

/** The WeLink directory, bindings and sync area of the admin (mounted under /admin). */
export function directoryAreaPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", corpDirectoryPages(deps));
  r.route("/", personPages(deps));
  r.route("/", runPages(deps));
  r.route("/", syncSettingsPages(deps));
  r.route("/", pushPages(deps));
  r.route("/", reviewPages(deps));
  r.route("/", bindingIoPages(deps));
  return r;
}
