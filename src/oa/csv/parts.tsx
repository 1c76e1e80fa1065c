/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { CsrfField, Table, Time, Value, type View } from "../../ui/index.ts";
import { DEPARTMENT_COLUMNS, USER_COLUMNS } from "./columns.ts";
import type { CsvImportListItem } from "./imports.ts";
import type { CsvImportSummary, CsvKind } from "./run.ts";
import { to } from "../i18n.ts";
import { marked, type Marks } from "../marked.tsx";
import { Facts } from "../page-parts.tsx";
import type { RowReason } from "./reasons.ts";

/** What a cell held and outside texts are data; accepted values and encodings are identifiers. */
const REASON_MARKS: Marks = { value: "value", detail: "value", text: "value", accepted: "code", encoding: "code" };

function reasonView(v: View, r: RowReason): Child {
  const params = { ...r.params, ...(r.cause && { reason: reasonView(v, r.cause) }) };
  return marked((slots) => to(v.lang, r.code, slots), params, REASON_MARKS);
}

/** A row's reasons in the page's language, values marked as data. */
export const Reasons = ({ v, reasons }: { v: View; reasons: RowReason[] }) => (
  <>{reasons.map((r, i) => (i === 0 ? reasonView(v, r) : <>{v.lang === "en" ? "; " : "；"}{reasonView(v, r)}</>))}</>
);

export const resultHref = (id: string) => `/admin/oa/csv/imports/${encodeURIComponent(id)}/result.csv`;

const SAMPLES: Record<CsvKind, string> = {
  departments: "部门路径,排序\n公司,1\n公司>>研发部,10\n公司>>研发部>>平台组,11\n公司>>市场部,20\n",
  users:
    "人员ID,账号,姓名,部门,手机,邮箱,工号,职位,兼职部门,状态\n" +
    "10001,zhangsan,张三,公司>>研发部>>平台组,13800000001,zhangsan@example.cn,A001,工程师,公司>>市场部,在职\n" +
    "10002,lisi,李四,公司>>市场部,13800000002,,A002,经理,,离职\n",
};

/** The column headers a file uses, as the help names them: identifiers of the file format, so <code>. */
const first = (spec: Record<string, { headers: string[] }>) => Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, s.headers[0] ?? k]));
const FORMAT_PARAMS: Record<CsvKind, Record<string, string>> = {
  departments: { ...first(DEPARTMENT_COLUMNS), sep: ">>", example: "公司>>研发部>>平台组" },
  users: { ...first(USER_COLUMNS), listSep: ";", activeValues: "在职/离职" },
};
const allCode = (params: Record<string, string>): Marks => Object.fromEntries(Object.keys(params).map((k) => [k, "code"]));

/** One upload form per kind of file; multipart, so its CSRF field travels inside the form body. */
export function UploadForm({ v, kind }: { v: View; kind: CsvKind }) {
  const id = `file-${kind}`;
  return (
    <section class="panel">
      <h2>{to(v.lang, `csv.upload.${kind}`)}</h2>
      <p class="muted">{marked((p) => to(v.lang, `csv.format.${kind}`, p), FORMAT_PARAMS[kind], allCode(FORMAT_PARAMS[kind]))}</p>
      <pre class="mono">{SAMPLES[kind]}</pre>
      <form method="post" action={`/admin/oa/csv/${kind}`} enctype="multipart/form-data" class="stack" aria-label={to(v.lang, `csv.upload.${kind}`)}>
        <CsrfField v={v} />
        <div class="field">
          <label for={id}>{to(v.lang, "csv.file")}</label>
          <input id={id} type="file" name="file" accept=".csv,text/csv" required />
        </div>
        <div class="buttons">
          <button type="submit" class="button">{to(v.lang, "csv.submit")}</button>
        </div>
      </form>
    </section>
  );
}

/** What one import did, its first failures, and the link to all of them. */
export function ImportSummary({ v, s }: { v: View; s: CsvImportSummary }) {
  const rows = s.failures.map((f) => [String(f.line), <Reasons v={v} reasons={f.reasons} />]);
  return (
    <section class="panel">
      <h2>{marked((p) => to(v.lang, "csv.summary", p), { file: s.fileName }, { file: "value" })}</h2>
      <Facts
        rows={[
          [to(v.lang, "csv.col.kind"), to(v.lang, `csv.kind.${s.kind}`)],
          [to(v.lang, "csv.col.total"), String(s.totalRows)],
          [to(v.lang, "csv.col.ok"), String(s.okRows)],
          [to(v.lang, "csv.col.failed"), s.failedRows ? <strong class="danger-text">{s.failedRows}</strong> : "0"],
          [to(v.lang, "csv.col.created"), String(s.createdDepts)],
          [to(v.lang, "csv.col.encoding"), <code>{s.encoding}</code>],
        ]}
      />
      {s.failedRows > 0 && (
        <>
          <p class="spaced">
            {to(v.lang, "csv.fixHint")} <a href={resultHref(s.id)} download>{to(v.lang, "csv.download")}</a>
          </p>
          <Table head={[to(v.lang, "csv.col.line"), to(v.lang, "csv.col.reason")]} rows={rows} empty="" />
          {s.failedRows > s.failures.length && <p class="muted">{to(v.lang, "csv.moreFailures", { shown: s.failures.length, total: s.failedRows })}</p>}
        </>
      )}
    </section>
  );
}

export function ImportHistory({ v, items }: { v: View; items: CsvImportListItem[] }) {
  const head = (["at", "kind", "file", "total", "ok", "failed", "created", "by", "result"] as const).map((k) => to(v.lang, `csv.col.${k}`));
  const rows = items.map((i) => [
    <a href={`/admin/oa/csv?import=${encodeURIComponent(i.id)}`}>
      <Time v={v} at={i.createdAt} />
    </a>,
    to(v.lang, `csv.kind.${i.kind}`),
    <Value>{i.fileName}</Value>,
    String(i.totalRows),
    String(i.okRows),
    i.failedRows ? <span class="danger-text">{i.failedRows}</span> : "0",
    String(i.createdDepts),
    <Value>{i.createdBy}</Value>,
    i.failedRows ? <a href={resultHref(i.id)} download>{to(v.lang, "csv.download")}</a> : "",
  ]);
  return <Table head={head} rows={rows} empty={to(v.lang, "csv.noImports")} />;
}
