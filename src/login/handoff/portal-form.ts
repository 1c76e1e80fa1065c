import type { Form } from "../../ui/index.ts";
import type { FieldError } from "../../kernel/errors.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { tp } from "./i18n-portal.ts";
import type { OaPortalInput } from "../../oa/index.ts";

/**
 * The OA web settings form, without a script: module rows are parallel lists (`moduleName`,
 * `modulePath`), a row is removed by ticking its box, and blank rows (for adding) are skipped.
 */

export type ModuleRow = { name: string; path: string };
export type PortalValues = { webBaseUrl: string; ssoPath: string; handoffAlg: string; modules: ModuleRow[] };
export type PortalErrors = { fields: Record<string, string>; rows: Record<number, { name?: string; path?: string }>; modules?: string };

export function readPortalForm(form: Form): PortalValues {
  const names = form.list("moduleName");
  const paths = form.list("modulePath");
  const removed = new Set(form.list("moduleRemove"));
  const modules: ModuleRow[] = [];
  for (let i = 0; i < Math.max(names.length, paths.length); i++) {
    const row = { name: (names[i] ?? "").trim(), path: (paths[i] ?? "").trim() };
    if (removed.has(String(i)) || (!row.name && !row.path)) continue;
    modules.push(row);
  }
  return { webBaseUrl: form.text("webBaseUrl").trim(), ssoPath: form.text("ssoPath").trim(), handoffAlg: form.text("handoffAlg"), modules };
}

export const inputOf = (v: PortalValues): OaPortalInput => ({
  webBaseUrl: v.webBaseUrl,
  ssoPath: v.ssoPath,
  handoffAlg: v.handoffAlg as OaPortalInput["handoffAlg"],
  modules: v.modules,
});

/** The use case's field errors (`body.modules.2.path`…) as messages beside the fields and rows, in the page's language. */
export function portalErrors(lang: Lang, list: FieldError[]): PortalErrors {
  const out: PortalErrors = { fields: {}, rows: {} };
  for (const e of list) {
    const [, field, index, part] = e.path.split(".");
    if (field === "webBaseUrl") out.fields.webBaseUrl = tp(lang, "portal.err.webBaseUrl");
    else if (field === "ssoPath") out.fields.ssoPath = tp(lang, "portal.err.path");
    else if (field === "handoffAlg") out.fields.handoffAlg = tp(lang, "portal.err.alg");
    else if (field === "modules" && index !== undefined && (part === "name" || part === "path")) {
      const row = (out.rows[Number(index)] ??= {});
      row[part] = tp(lang, part === "name" ? "portal.err.name" : "portal.err.path");
    } else if (field === "modules") out.modules = tp(lang, /unique/.test(e.message) ? "portal.err.unique" : "portal.err.path");
  }
  return out;
}

export const hasErrors = (e: PortalErrors) => Object.keys(e.fields).length > 0 || Object.keys(e.rows).length > 0 || e.modules !== undefined;
