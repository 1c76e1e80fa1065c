/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import type { AdminEnv } from "../../ui/index.ts";
import { runPages } from "./run-pages.tsx";
import { syncSettingsPages } from "./settings-pages.tsx";
import { writebackPages } from "./to-oa-pages.tsx";
import { pushPages } from "./to-welink-pages.tsx";
import { orgEditPages } from "../org-edit/pages.tsx";

/** The sync tabs of a corp's directory pages (runs, settings with the direction and the write-back, OA → WeLink), mounted under /admin. */
export function syncAreaPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", runPages(deps));
  r.route("/", syncSettingsPages(deps));
  r.route("/", pushPages(deps));
  r.route("/", writebackPages(deps));
  r.route("/", orgEditPages(deps));
  return r;
}
