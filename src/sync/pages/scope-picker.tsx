/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { View } from "../../ui/index.ts";
import { td } from "./i18n.ts";

/** A live department of the mirror, as the pull scope picker lists it. */
export type ScopeDept = { deptCode: string; parentCode: string; nameCn: string };

/** Departments listed at most: a tree larger than this is rare, and the page must stay usable. */
export const SCOPE_LIST_MAX = 2000;

type Props = { v: View; tree: ScopeDept[]; checked: string[]; error?: string };

/** The mirror's tree as nested checkboxes (no script): a ticked department brings its whole subtree. */
export function ScopePicker({ v, tree, checked, error }: Props) {
  const kids = new Map<string, ScopeDept[]>();
  const known = new Set(tree.map((d) => d.deptCode));
  for (const d of tree) {
    // A department whose parent is not listed sits at the top, so nothing is unreachable.
    const parent = known.has(d.parentCode) ? d.parentCode : "";
    kids.set(parent, [...(kids.get(parent) ?? []), d]);
  }
  const level = (parent: string, seen: Set<string>): Child => {
    const items = (kids.get(parent) ?? []).filter((d) => !seen.has(d.deptCode));
    if (items.length === 0) return null;
    return (
      <ul class="dept-tree">
        {items.map((d) => (
          <li>
            <label>
              <input type="checkbox" name="deptCodes" value={d.deptCode} checked={checked.includes(d.deptCode)} /> {d.nameCn} <code class="muted">{d.deptCode}</code>
            </label>
            {level(d.deptCode, new Set([...seen, d.deptCode]))}
          </li>
        ))}
      </ul>
    );
  };
  // A chosen department the list does not show (gone from the mirror, or past the limit) stays ticked:
  // saving the form must never widen the scope by dropping it unseen.
  const unlisted = checked.filter((c) => !known.has(c));
  return (
    <fieldset class={error ? "field invalid" : "field"} aria-label={td(v.lang, "set.pull.scope")}>
      <legend>{td(v.lang, "set.pull.scope")}</legend>
      <p class="muted">{td(v.lang, "set.pull.scopeHint")}</p>
      {tree.length === 0 ? <p class="muted">{td(v.lang, "set.pull.scopeEmpty")}</p> : level("", new Set())}
      {unlisted.length > 0 && (
        <ul class="dept-tree">
          {unlisted.map((c) => (
            <li>
              <label>
                <input type="checkbox" name="deptCodes" value={c} checked /> <code>{c}</code> <span class="muted">{td(v.lang, "set.pull.scopeUnlisted")}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {tree.length >= SCOPE_LIST_MAX && <p class="muted">{td(v.lang, "set.pull.scopeMore", { n: SCOPE_LIST_MAX })}</p>}
      {error && <div class="error">{error}</div>}
    </fieldset>
  );
}
