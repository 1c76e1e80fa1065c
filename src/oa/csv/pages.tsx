/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Flash, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../kernel/errors.ts";
import { getOaDirectory, type OaDirectoryView } from "../connection/directory.ts";
import { importDepartmentsCsv } from "./import-departments.ts";
import { importUsersCsv } from "./import-users.ts";
import { getCsvImport, getCsvImportResult, listCsvImports } from "./imports.ts";
import type { CsvImportSummary, CsvKind } from "./run.ts";
import { ImportHistory, ImportSummary, UploadForm } from "./parts.tsx";
import { to } from "../i18n.ts";
import { ErrorFlash, inTenant, renderOaPage, type TenantCtx } from "../page-parts.tsx";

const HISTORY = 50;
const IMPORTERS = { departments: importDepartmentsCsv, users: importUsersCsv } satisfies Record<CsvKind, unknown>;

/** CSV imports mean something only for a `csv` connection; any other type's next refresh replaces the directory. */
function TypeNote({ v, type }: { v: View; type: OaDirectoryView["connection"] }) {
  if (type === "csv") return null;
  if (type === null) return <Flash kind="info">{to(v.lang, "csv.noConnection")}</Flash>;
  return <Flash kind="warn">{to(v.lang, "csv.otherType", { type: to(v.lang, `type.${type}`) })}</Flash>;
}

type State = { failed?: AppError; status?: number };

async function renderCsv(c: AdminContext, deps: Deps, ctx: TenantCtx, s: State = {}) {
  const shown = c.req.query("import");
  const [dir, history, summary] = await Promise.all([
    getOaDirectory(deps, ctx),
    listCsvImports(deps, ctx, { limit: HISTORY }),
    shown ? getCsvImport(deps, ctx, shown) : Promise.resolve<CsvImportSummary | undefined>(undefined),
  ]);
  return renderOaPage(
    c,
    "csv",
    (v) => (
      <>
        <p class="muted">{to(v.lang, "csv.intro")}</p>
        <TypeNote v={v} type={dir.connection} />
        {s.failed && <ErrorFlash v={v} err={s.failed} />}
        {summary && <ImportSummary v={v} s={summary} />}
        <UploadForm v={v} kind="departments" />
        <UploadForm v={v} kind="users" />
        <h2>{to(v.lang, "csv.history")}</h2>
        <ImportHistory v={v} items={history} />
      </>
    ),
    s.status,
  );
}

/** Hands the uploaded file's stream to the import; a refused file is shown on the page with its reason. */
async function upload(c: AdminContext, deps: Deps, ctx: TenantCtx, kind: CsvKind) {
  // The CSRF check has parsed the multipart body already; Hono hands back the same parse.
  const file = (await c.req.parseBody())["file"];
  if (!(file instanceof File) || file.size === 0) {
    return renderCsv(c, deps, ctx, { failed: new AppError("CSV_NO_FILE"), status: 422 });
  }
  try {
    const summary = await IMPORTERS[kind](deps, ctx, { fileName: file.name || "upload.csv", body: file.stream() });
    return c.redirect(`/admin/oa/csv?import=${encodeURIComponent(summary.id)}`, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    return renderCsv(c, deps, ctx, { failed: e, status: e.status });
  }
}

/** The result file of an import: its failed rows, each with its line and reason. */
async function result(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { fileName, csv } = await getCsvImportResult(deps, ctx, c.req.param("id") ?? "", c.get("lang"));
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // A BOM, so Excel opens the Chinese reasons as UTF-8.
  return c.body(`\uFEFF${csv}`, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}

/** CSV directory imports: two uploads, their history and their result files. */
export function csvPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  const withTenant = inTenant("csv");
  r.get("/oa/csv", withTenant((c, ctx) => renderCsv(c, deps, ctx)));
  r.post("/oa/csv/departments", withTenant((c, ctx) => upload(c, deps, ctx, "departments")));
  r.post("/oa/csv/users", withTenant((c, ctx) => upload(c, deps, ctx, "users")));
  r.get("/oa/csv/imports/:id/result.csv", withTenant((c, ctx) => result(c, deps, ctx)));
  return r;
}
