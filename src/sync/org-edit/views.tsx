/** @jsxImportSource hono/jsx */
import { Confirm, Field, type FieldErrors, Flash, PostForm, SelectField, Table, type View } from "../../ui/index.ts";
import type { DeptRecord } from "../from-welink/diff.ts";
import { reasonText } from "../to-welink/reasons.ts";
import type { PlanItem } from "../to-welink/types.ts";
import { to } from "./i18n.ts";

/** The forms of the edit pages and the removal's confirm page (handlers in pages.tsx). */

export type FormKind = "newDept" | "editDept" | "newPerson" | "editPerson";
export type Values = Record<string, string>;
export type FormProps = { v: View; action: string; kind: FormKind; values: Values; errors: FieldErrors; depts: DeptRecord[] };

const TOP = "0";

/** Departments for a select, each with its path ("总部 / 销售部"), in path order; the top first where allowed. */
export function deptOptions(v: View, depts: DeptRecord[], withTop: boolean) {
  const byCode = new Map(depts.map((d) => [d.deptCode, d]));
  const path = (d: DeptRecord): string => {
    const names = [d.nameCn];
    for (let p = byCode.get(d.parentCode), i = 0; p && i < 32; p = byCode.get(p.parentCode), i++) names.unshift(p.nameCn);
    return names.join(" / ");
  };
  const options = depts.map((d) => ({ value: d.deptCode, label: `${path(d)} (${d.deptCode})` })).sort((a, b) => a.label.localeCompare(b.label));
  return withTop ? [{ value: TOP, label: to(v.lang, "oe.top") }, ...options] : options;
}

const Hidden = ({ values, names }: { values: Values; names: string[] }) => <>{names.filter((n) => values[n]).map((n) => <input type="hidden" name={n} value={values[n]} />)}</>;

function DeptFields({ v, values, errors, depts }: FormProps) {
  return (
    <>
      <Field name="name" label={to(v.lang, "oe.name")} value={values.name ?? ""} error={errors.name} maxlength={128} required />
      <SelectField name="parentCode" label={to(v.lang, "oe.parent")} value={values.parentCode ?? TOP} options={deptOptions(v, depts, true)} error={errors.parentCode} />
    </>
  );
}

function PersonFields({ v, kind, values, errors, depts }: FormProps) {
  return (
    <>
      <Field name="name" label={to(v.lang, "oe.personName")} value={values.name ?? ""} error={errors.name} maxlength={128} required />
      {kind === "newPerson" && (
        <>
          <Field name="mobile" label={to(v.lang, "oe.mobile")} value={values.mobile ?? ""} hint={to(v.lang, "oe.mobileHint")} error={errors.mobile} maxlength={32} required />
          <Field name="email" label={to(v.lang, "oe.email")} value={values.email ?? ""} error={errors.email} maxlength={128} />
        </>
      )}
      <SelectField name="deptCode" label={to(v.lang, "oe.mainDept")} value={values.deptCode ?? ""} options={deptOptions(v, depts, false)} error={errors.deptCode} />
    </>
  );
}

const OP: Record<FormKind, string> = { newDept: "createDept", editDept: "updateDept", newPerson: "createUser", editPerson: "updateUser" };

/** The create / change form of a department or a person. */
export function EditForm(p: FormProps) {
  const isDept = p.kind === "newDept" || p.kind === "editDept";
  const creating = p.kind === "newDept" || p.kind === "newPerson";
  return (
    <PostForm v={p.v} action={p.action} class="panel stack" label={to(p.v.lang, `oe.${p.kind}`)}>
      {Object.keys(p.errors).length > 0 && <Flash kind="error">{to(p.v.lang, "oe.invalid")}</Flash>}
      <input type="hidden" name="op" value={OP[p.kind]} />
      <Hidden values={p.values} names={p.kind === "editDept" ? ["deptCode"] : p.kind === "editPerson" ? ["userId"] : []} />
      {isDept ? <DeptFields {...p} /> : <PersonFields {...p} />}
      <div class="buttons">
        <button type="submit" class="button">{to(p.v.lang, creating ? "oe.create" : "oe.save")}</button>
      </div>
    </PostForm>
  );
}

/** The removal buttons of an edit page: each leads to the confirm page, never straight to WeLink. */
export function RemovalForms({ v, action, kind, values }: { v: View; action: string; kind: "editDept" | "editPerson"; values: Values }) {
  const button = (fields: Values, label: string) => (
    <PostForm v={v} action={action} class="inline">
      <Hidden values={fields} names={Object.keys(fields)} />
      <button type="submit" class="button secondary">{label}</button>
    </PostForm>
  );
  return (
    <section class="panel">
      <h2>{to(v.lang, "oe.removeTitle")}</h2>
      {kind === "editDept" ? (
        <>
          <p class="muted">{to(v.lang, "oe.deleteDeptHint")}</p>
          {button({ op: "deleteDept", deptCode: values.deptCode ?? "" }, to(v.lang, "oe.deleteDept"))}
        </>
      ) : (
        <>
          <p class="muted">{to(v.lang, "oe.closeHint")}</p>
          <div class="buttons">
            {button({ op: "removeUser", mode: "close", userId: values.userId ?? "" }, to(v.lang, "oe.close"))}
            {button({ op: "removeUser", mode: "delete", userId: values.userId ?? "" }, to(v.lang, "oe.deletePerson"))}
          </div>
        </>
      )}
    </section>
  );
}

/** What a removal will do, as its one-object plan, and the button that runs it. */
export function ConfirmRemoval({ v, action, cancel, item, values }: { v: View; action: string; cancel: string; item: PlanItem; values: Values }) {
  const head = (["object", "action", "name", "welinkId", "reason"] as const).map((k) => to(v.lang, `oe.col.${k}`));
  const row = [to(v.lang, `oe.object.${item.object}`), to.maybe(v.lang, `oe.action.${item.action}`) ?? item.action, item.name, <code>{item.welinkId ?? ""}</code>, reasonText(v.lang, item.why)];
  return (
    <Confirm v={v} action={action} button={to(v.lang, "oe.confirm")} cancel={cancel} fields={<Hidden values={{ ...values, confirm: "1" }} names={[...Object.keys(values), "confirm"]} />}>
      <p>{to(v.lang, "oe.confirmIntro")}</p>
      <Table head={head} rows={[row]} empty="" />
    </Confirm>
  );
}
