/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { ZodError } from "zod";
import type { Deps } from "../../deps.ts";
import { corpBase, findDeptRecord, findUserRecord, loadDeptRecords, renderCorpPage, type TenantCtx, withTenant } from "../../directory/index.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { getCorp } from "../../corps/index.ts";
import { type AdminContext, type AdminEnv, ErrorFlash, type FieldErrors, fieldErrors, readForm } from "../../ui/index.ts";
import { applyEdit, editableCorp, previewEdit } from "./edit.ts";
import { to } from "./i18n.ts";
import { isRemoval, OrgEdit } from "./input.ts";
import { ConfirmRemoval, EditForm, type FormKind, RemovalForms, type Values } from "./views.tsx";

/*
 * The organisation edit pages of a read-write corp, under its directory: a form per object and
 * kind, one POST for every edit, and a confirm page showing the plan before any removal runs.
 */

const FIELDS = ["op", "name", "parentCode", "deptCode", "userId", "mobile", "email", "mode"] as const;
const KIND_OF: Record<OrgEdit["op"], FormKind> = { createDept: "newDept", updateDept: "editDept", deleteDept: "editDept", createUser: "newPerson", updateUser: "editPerson", removeUser: "editPerson" };
export const editHref = (corpId: string) => `${corpBase(corpId)}/edit`;

type Shown = { values?: Values; errors?: FieldErrors; error?: AppError; status?: number };

/** What an edit form starts with: the object as the mirror holds it, or the place a new one goes. */
async function defaults(c: AdminContext, deps: Deps, corpId: string, kind: FormKind, key: string): Promise<Values> {
  if (kind === "newDept") return { parentCode: (c.req.query("parent") ?? "0").slice(0, 128) };
  if (kind === "newPerson") return { deptCode: (c.req.query("dept") ?? "").slice(0, 128) };
  if (kind === "editDept") {
    const d = await findDeptRecord(deps.db, corpId, key);
    if (!d || d.removedAt !== null) throw errors.notFound("welinkDept", key);
    return { deptCode: d.deptCode, name: d.nameCn, parentCode: d.parentCode };
  }
  const u = await findUserRecord(deps.db, corpId, key);
  if (!u || u.removedAt !== null) throw errors.notFound("welinkPerson", key);
  return { userId: u.userId, name: u.nameCn, deptCode: u.mainDeptCode ?? "" };
}

async function formPage(c: AdminContext, deps: Deps, ctx: TenantCtx, kind: FormKind, key: string, o: Shown = {}) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  // A read-only corp's edit pages answer with the refusal's reason (CORP_READ_ONLY), in the admin's language.
  await editableCorp(deps, ctx, corp.id);
  const values = o.values ?? (await defaults(c, deps, corp.id, kind, key));
  const depts = [...(await loadDeptRecords(deps.db, corp.id)).values()].filter((d) => d.removedAt === null);
  const action = editHref(corp.id);
  const status = o.status ?? o.error?.status;
  return renderCorpPage(c, corp, { tab: "directory", title: to(c.get("lang"), `oe.${kind}`), status }, (v) => (
    <>
      <p><a href={corpBase(corp.id)}>{to(v.lang, "oe.back")}</a></p>
      <p class="muted">{to(v.lang, "oe.intro")}</p>
      {o.error && <ErrorFlash v={v} err={o.error} />}
      <EditForm v={v} action={action} kind={kind} values={values} errors={o.errors ?? {}} depts={depts} />
      {(kind === "editDept" || kind === "editPerson") && <RemovalForms v={v} action={action} kind={kind} values={values} />}
    </>
  ));
}

/** The form as sent: only the fields given, trimmed; the schema decides the rest. */
function valuesOf(form: Awaited<ReturnType<typeof readForm>>): Values {
  return Object.fromEntries(FIELDS.map((k) => [k, form.text(k).trim()]).filter(([, v]) => v !== ""));
}

async function confirmPage(c: AdminContext, deps: Deps, ctx: TenantCtx, edit: OrgEdit, values: Values) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { item } = await previewEdit(deps, ctx, corp.id, edit);
  const what = edit.op === "deleteDept" ? "oe.removal.deleteDept" : edit.op === "removeUser" ? `oe.removal.${edit.mode}` as const : "oe.removal.delete";
  const title = to(c.get("lang"), "oe.confirmTitle", { what: to(c.get("lang"), what, { name: item.name }) });
  const cancel = `${editHref(corp.id)}/${edit.op === "deleteDept" ? `dept/${encodeURIComponent(edit.deptCode)}` : `person/${encodeURIComponent(values.userId ?? "")}`}`;
  return renderCorpPage(c, corp, { tab: "directory", title }, (v) => <ConfirmRemoval v={v} action={editHref(corp.id)} cancel={cancel} item={item} values={values} />);
}

async function post(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const form = await readForm(c);
  const values = valuesOf(form);
  const parsed = OrgEdit.safeParse(values);
  const op = (Object.keys(KIND_OF) as OrgEdit["op"][]).find((k) => k === values.op);
  if (!op) throw errors.validation([{ path: "op", message: "unknown edit" }]);
  const kind = KIND_OF[op];
  const key = (kind === "editDept" ? values.deptCode : kind === "editPerson" ? values.userId : undefined) ?? "";
  if (!parsed.success) {
    const errs = fieldErrors(new ZodError(parsed.error.issues), (f) => to.maybe(c.get("lang"), `oe.bad.${f}`) ?? to(c.get("lang"), "oe.invalid"));
    return formPage(c, deps, ctx, kind, key, { values, errors: errs, status: 422 });
  }
  const edit = parsed.data;
  const corpId = c.req.param("corpId") ?? "";
  try {
    if (isRemoval(edit) && form.text("confirm") !== "1") return await confirmPage(c, deps, ctx, edit, values);
    await applyEdit(deps, ctx, corpId, edit, { confirm: true });
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 && e.code !== "ORG_EDIT_FAILED" || e.status === 404) throw e;
    const shown = e.code === "VALIDATION_FAILED" ? { errors: fieldErrors(e, (f) => to.maybe(c.get("lang"), `oe.bad.${f}`) ?? to(c.get("lang"), "oe.invalid")) } : {};
    // A removal refused (a department with people) goes back to the object's page with the reason; it was never sent.
    return formPage(c, deps, ctx, kind, key, { ...shown, error: e, values: isRemoval(edit) ? undefined : values });
  }
  return c.redirect(`${corpBase(corpId)}?done=orgEdited`, 303);
}

/** Mounted under /admin beside the directory pages. */
export function orgEditPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  const base = "/directory/:corpId/edit";
  r.get(`${base}/dept/new`, withTenant((c, ctx) => formPage(c, deps, ctx, "newDept", "")));
  r.get(`${base}/dept/:deptCode`, withTenant((c, ctx) => formPage(c, deps, ctx, "editDept", c.req.param("deptCode") ?? "")));
  r.get(`${base}/person/new`, withTenant((c, ctx) => formPage(c, deps, ctx, "newPerson", "")));
  r.get(`${base}/person/:userId`, withTenant((c, ctx) => formPage(c, deps, ctx, "editPerson", c.req.param("userId") ?? "")));
  r.post(base, withTenant((c, ctx) => post(c, deps, ctx)));
  return r;
}
