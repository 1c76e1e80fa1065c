/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Table, type View } from "../../ui/index.ts";
import { PLAN_ACTIONS, type PlanItemView, type PlanTree, type TreeDept } from "../to-welink/plan-view.ts";
import type { PlanAction, PlanCounts } from "../to-welink/types.ts";
import type { ItemState } from "../to-welink/plan-store.ts";
import { td } from "./i18n.ts";
import { tp } from "./i18n-to-welink.ts";
import { tw } from "./i18n-to-oa.ts";
import { ChangeList, Failure, itemReason, type Names } from "./plan-rows.tsx";

/*
 * A push plan as the admin reads it: counts per action (each a filter link), and the OA tree with
 * a coloured label per object — match orange, create purple, move blue, update teal, remove red,
 * skip grey (`.plan-*` in the admin stylesheet). A write-back plan (`wb`) says each action is
 * done in the OA ("在 OA 新建", "disable in the OA"), never in WeLink.
 */

export type PlanFilter = { action?: PlanAction; object?: "dept" | "user"; dept?: string; state?: ItemState; text?: string };

export const ActionLabel = ({ v, action, wb }: { v: View; action: PlanAction; wb?: boolean }) => (
  <span class={`plan plan-${action}`}>{wb ? tw(v.lang, `wb.action.${action}`) : tp(v.lang, `push.action.${action}`)}</span>
);

/** Failed, set-aside and unsendable items carry their state next to their action in the tree. */
const StateMark = ({ v, item }: { v: View; item: PlanItemView }) =>
  item.state === "set_aside" || item.state === "failed" || item.state === "invalid" ? <span class="plan plan-remove" data-state={item.state}>{tp(v.lang, `push.state.${item.state}`)}</span> : null;

/** Department values (WeLink codes, OA refs) as their names in the plan; others as they are. */
/** Names from the plan's departments; a WeLink code the plan does not hold is named by `mirror` (the WeLink mirror's path). */
export function planNames(depts: PlanItemView[], mirror: (code: string) => string | null = () => null): Names {
  const byOa = new Map(depts.flatMap((d) => (d.oaId ? [[d.oaId, d] as const] : [])));
  const byCode = new Map(depts.flatMap((d) => (d.welinkId ? [[d.welinkId, d] as const] : [])));
  const path = (d: PlanItemView): string => {
    const parts: string[] = [];
    for (let at: PlanItemView | undefined = d; at && parts.length < 20; at = at.parentOaId ? byOa.get(at.parentOaId) : undefined) parts.unshift(at.name);
    return parts.join(" / ");
  };
  return (value) => {
    if (value && typeof value === "object") {
      const ref = value as { deptCode?: string; oaDeptId?: string };
      const d = ref.oaDeptId !== undefined ? byOa.get(ref.oaDeptId) : ref.deptCode !== undefined ? byCode.get(ref.deptCode) : undefined;
      return d ? path(d) : ((ref.deptCode !== undefined && mirror(ref.deptCode)) || String(ref.deptCode ?? ref.oaDeptId ?? ""));
    }
    const d = typeof value === "string" ? byCode.get(value) : undefined;
    return d ? path(d) : ((typeof value === "string" && mirror(value)) || String(value));
  };
}

const query = (f: PlanFilter) => {
  const q = new URLSearchParams();
  if (f.object) q.set("object", f.object);
  if (f.action) q.set("action", f.action);
  if (f.dept !== undefined) q.set("dept", f.dept);
  const s = q.toString();
  return s ? `?${s}` : "";
};

/** Counts of the whole plan per object and action; each count filters the list to its items. */
export function PlanCountsBar({ v, counts, href, current, wb }: { v: View; counts: PlanCounts; href: string; current: PlanFilter; wb?: boolean }) {
  const objects = ["dept", "user"] as const;
  return (
    <div class="panel plan-counts">
      {objects.map((o) => (
        <p>
          <strong>{td(v.lang, `run.object.${o}`)}</strong>{" "}
          {PLAN_ACTIONS.map((a) => (
            <a href={href + query({ object: o, action: a })} aria-current={current.object === o && current.action === a ? "true" : undefined}>
              <ActionLabel v={v} action={a} wb={wb} />
              {counts[`${o}.${a}`]}
            </a>
          ))}
        </p>
      ))}
      <p>
        <a href={href}>{tp(v.lang, "push.filter.all")}</a>
        <a href={href + query({ object: "dept" })}>{td(v.lang, "run.object.dept")}</a>
        <a href={href + query({ object: "user" })}>{td(v.lang, "run.object.user")}</a>
      </p>
    </div>
  );
}

function People({ v, tree, dept, href, names, wb }: { v: View; tree: PlanTree; dept: string; href: string; names: Names; wb?: boolean }) {
  const shown = tree.people.get(dept) ?? [];
  const more = (tree.peopleTotal.get(dept) ?? 0) - shown.length;
  if (shown.length === 0 && more <= 0) return null;
  return (
    <ul class="plan-people">
      {shown.map((p) => (
        <li>
          <ActionLabel v={v} action={p.action} wb={wb} />
          <StateMark v={v} item={p} />
          {p.name} {p.oaId && <code>{p.oaId}</code>} {p.state === "invalid" || p.errorCode ? <Failure v={v} item={p} wb={wb} /> : null}
          <ChangeList v={v} changes={p.changes} names={names} />
        </li>
      ))}
      {more > 0 && (
        <li>
          <a href={href + query({ object: "user", dept })}>{tp(v.lang, "push.tree.more", { n: more })}</a>
        </li>
      )}
    </ul>
  );
}

/** Departments nested by their tree parent (`TreeDept`); a parent the plan does not hold makes a department a root. */
export function PlanTreeView({ v, tree, href, wb }: { v: View; tree: PlanTree; href: string; wb?: boolean }) {
  const names = planNames(tree.depts);
  if (tree.depts.length === 0 && tree.peopleTotal.size === 0) return <p class="muted">{tp(v.lang, "push.tree.empty")}</p>;
  const ids = new Set(tree.depts.flatMap((d) => (d.key ? [d.key] : [])));
  const children = new Map<string, TreeDept[]>();
  for (const d of tree.depts) {
    const parent = d.parentKey !== null && ids.has(d.parentKey) && d.parentKey !== d.key ? d.parentKey : "";
    const list = children.get(parent);
    if (list) list.push(d);
    else children.set(parent, [d]);
  }
  const seen = new Set<string>();
  const level = (parent: string): Child => (
    <ul>
      {(children.get(parent) ?? []).map((d) => {
        // A cycle in OA data must not recurse forever: each department opens once.
        const open = d.key !== null && !seen.has(d.key);
        if (d.key) seen.add(d.key);
        return (
          <li>
            <ActionLabel v={v} action={d.action} wb={wb} />
            <StateMark v={v} item={d} />
            <strong>{d.name}</strong> {d.oaId && <code>{d.oaId}</code>} <span class="muted">{itemReason(v.lang, d)}</span> {d.errorCode && <Failure v={v} item={d} wb={wb} />}
            <ChangeList v={v} changes={d.changes} names={names} />
            {open && <People v={v} tree={tree} dept={d.key!} href={href} names={names} wb={wb} />}
            {open && children.has(d.key!) && level(d.key!)}
          </li>
        );
      })}
    </ul>
  );
  // People whose main department is not a department of the plan (or who have none) are listed apart.
  const orphans = [...tree.peopleTotal.keys()].filter((k) => k === "" || !ids.has(k));
  return (
    <div class="dept-tree">
      {level("")}
      {orphans.map((k) => (
        <>
          <p class="muted">{k === "" ? tp(v.lang, "push.tree.noDept") : <code>{k}</code>}</p>
          <People v={v} tree={tree} dept={k} href={href} names={names} wb={wb} />
        </>
      ))}
    </div>
  );
}

/** The filtered plan as a flat, paged list. */
export function PlanItemTable({ v, items, names, wb }: { v: View; items: PlanItemView[]; names: Names; wb?: boolean }) {
  const head = ["#", tp(v.lang, "push.col.action"), td(v.lang, "run.col.object"), tp(v.lang, "push.col.name"), tp(v.lang, "push.col.oaId"), tp(v.lang, "push.col.welinkId"), tp(v.lang, "push.col.state"), tp(v.lang, "push.col.reason")];
  const rows = items.map((i) => [
    String(i.seq),
    <ActionLabel v={v} action={i.action} wb={wb} />,
    td(v.lang, `run.object.${i.object}`),
    i.name,
    <code>{i.oaId ?? ""}</code>,
    <code>{i.welinkId ?? ""}</code>,
    <>
      {tp(v.lang, `push.state.${i.state}`)} {i.state !== "invalid" && <Failure v={v} item={i} wb={wb} />}
    </>,
    <>
      {itemReason(v.lang, i)}
      <ChangeList v={v} changes={i.changes} names={names} />
    </>,
  ]);
  return <Table head={head} rows={rows} empty={tp(v.lang, "push.list.empty")} />;
}
