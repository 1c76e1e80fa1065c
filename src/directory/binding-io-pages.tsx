/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Confirm, CsrfField, ErrorFlash, Flash, SelectField, Table, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { csvText } from "../oa/index.ts";
import { getCorp } from "../corps/index.ts";
import { listBindings, unbindAll } from "./binding-admin.ts";
import { exportBindingSheet } from "./binding-export.ts";
import { type BindingImportResult, importBindingSheet } from "./binding-import.ts";
import { td } from "./i18n.ts";
import { RULE_FIELDS, type RuleField } from "./match.ts";
import { corpBase, doneFlash, renderCorpPage, type TenantCtx, withTenant } from "./page-parts.tsx";

const ioHref = (corpId: string) => `${corpBase(corpId)}/bindings`;

function ImportForm({ v, action }: { v: View; action: string }) {
  const fields = RULE_FIELDS.map((value) => ({ value, label: td(v.lang, `set.field.${value}`) }));
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="panel stack" aria-label={td(v.lang, "io.import")}>
      <CsrfField v={v} />
      <div class="field">
        <label for="f-file">{td(v.lang, "io.file")}</label>
        <input id="f-file" type="file" name="file" accept=".csv,text/csv" required />
      </div>
      <SelectField name="field" label={td(v.lang, "io.field")} value="mobile" options={fields} />
      <div class="buttons">
        <button type="submit" class="button">{td(v.lang, "io.upload")}</button>
      </div>
    </form>
  );
}

/** The result and, when rows failed, those rows as a file to fix and upload again (nothing is kept server-side). */
function ImportResult({ v, r }: { v: View; r: BindingImportResult }) {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${r.resultCsv}`)}`;
  return (
    <>
      <Flash kind={r.failed > 0 ? "warn" : "ok"}>{td(v.lang, "io.result", { ok: r.bound, failed: r.failed })}</Flash>
      {r.failed > 0 && (
        <>
          <Table head={["#", td(v.lang, "run.col.reason")]} rows={r.failures.slice(0, 100).map((x) => [String(x.line), x.reason])} empty="" />
          <p>
            <a href={href} download="binding-import-failed.csv" class="button secondary">{td(v.lang, "io.failedRows")}</a>
          </p>
        </>
      )}
    </>
  );
}

async function page(c: AdminContext, deps: Deps, ctx: TenantCtx, o: { result?: BindingImportResult; failed?: AppError } = {}) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { total } = await listBindings(deps, ctx, corp.id, { limit: 1, offset: 0 });
  const base = ioHref(corp.id);
  return renderCorpPage(c, corp, { tab: "bindings", status: o.failed?.status }, (v) => (
    <>
      {doneFlash(c)}
      {o.failed && <ErrorFlash v={v} err={o.failed} />}
      {o.result && <ImportResult v={v} r={o.result} />}
      <p>
        <a href={`${base}/export.csv`} class="button secondary" download>{td(v.lang, "io.export")}</a>{" "}
        <a href={`${base}/export.csv?template=1`} class="button secondary" download>{td(v.lang, "io.template")}</a>
      </p>
      <p class="muted">{td(v.lang, "io.exportHint")}</p>
      <h2>{td(v.lang, "io.import")}</h2>
      <ImportForm v={v} action={`${base}/import`} />
      <h2>{td(v.lang, "io.bulk")}</h2>
      <p class="muted">{td(v.lang, "io.bulkHint")}</p>
      {total > 0 && <a href={`${base}/unbind-all`} class="button secondary danger-text">{`${td(v.lang, "io.bulk")} (${total})`}</a>}
    </>
  ));
}

async function exportCsv(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { fileName, csv } = await exportBindingSheet(deps, ctx, c.req.param("corpId") ?? "", { template: c.req.query("template") === "1" });
  return c.body(`\uFEFF${csv}`, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"` });
}

async function importCsv(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const body = await c.req.parseBody();
  const file = body.file;
  const field = RULE_FIELDS.find((x) => x === body.field) ?? ("mobile" as RuleField);
  if (!(file instanceof File) || file.size === 0) return page(c, deps, ctx, { failed: new AppError("CSV_INVALID", { variant: "noFile" }) });
  try {
    const csv = await csvText(new Uint8Array(await file.arrayBuffer()));
    const result = await importBindingSheet(deps, ctx, c.req.param("corpId") ?? "", { field, csv });
    return page(c, deps, ctx, { result });
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) throw e;
    return page(c, deps, ctx, { failed: e });
  }
}

/** The confirmation states the count, and posts it back: unbindAll refuses a count that changed since. */
async function confirmBulk(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { total } = await listBindings(deps, ctx, corp.id, { limit: 1, offset: 0 });
  const base = ioHref(corp.id);
  return renderCorpPage(c, corp, { tab: "bindings", title: td(c.get("lang"), "io.bulk") }, (v) => (
    <Confirm v={v} action={`${base}/unbind-all`} button={td(v.lang, "io.bulk")} cancel={base} fields={<input type="hidden" name="confirm" value={String(total)} />}>
      <p>{td(v.lang, "io.bulkConfirm", { n: total })}</p>
    </Confirm>
  ));
}

async function bulk(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  const body = await c.req.parseBody();
  try {
    const { removed } = await unbindAll(deps, ctx, corpId, Number(body.confirm));
    return c.redirect(`${ioHref(corpId)}?done=bulkUnbound&n=${removed}`, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 409) throw e;
    return page(c, deps, ctx, { failed: e });
  }
}

/** Export, import and bulk removal of a corp's bindings. */
export function bindingIoPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/bindings", withTenant((c, ctx) => page(c, deps, ctx)));
  r.get("/directory/:corpId/bindings/export.csv", withTenant((c, ctx) => exportCsv(c, deps, ctx)));
  r.post("/directory/:corpId/bindings/import", withTenant((c, ctx) => importCsv(c, deps, ctx)));
  r.get("/directory/:corpId/bindings/unbind-all", withTenant((c, ctx) => confirmBulk(c, deps, ctx)));
  r.post("/directory/:corpId/bindings/unbind-all", withTenant((c, ctx) => bulk(c, deps, ctx)));
  return r;
}
