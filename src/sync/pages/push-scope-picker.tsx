/** @jsxImportSource hono/jsx */
import type { OaDept } from "../../oa/index.ts";
import type { View } from "../../ui/index.ts";
import { tp } from "./i18n-to-welink.ts";

/**
 * The push scope's departments and branches (分部), picked from the OA snapshot's tree: one
 * checkbox per node (a ticked node takes everything under it), and a search box that narrows the
 * tree to the matches, what is under them and their parents. Without the script the whole tree
 * shows and still works; nobody types an id.
 */
export const SCOPE_PICKER_PATH = "/admin/assets/scope-picker.js";

export const SCOPE_PICKER_SCRIPT = `"use strict";
for (const box of document.querySelectorAll("input[data-scope-search]:not([data-wired])")) {
  box.dataset.wired = "";
  const tree = document.getElementById(box.getAttribute("aria-controls") || "");
  if (!tree) continue;
  box.closest("[hidden]")?.removeAttribute("hidden");
  const items = [...tree.querySelectorAll("li[data-name]")];
  const none = document.getElementById(box.dataset.none || "");
  box.addEventListener("input", () => {
    const q = box.value.trim().toLowerCase();
    for (const li of items) li.hidden = q !== "";
    let found = 0;
    if (q !== "") {
      for (const li of items) {
        if (!li.dataset.name.includes(q) && !li.dataset.id.toLowerCase().includes(q)) continue;
        found++;
        for (const sub of li.querySelectorAll("li")) sub.hidden = false;
        for (let p = li; p && p !== tree; p = p.parentElement) if (p.tagName === "LI") p.hidden = false;
      }
    }
    if (none) none.hidden = q === "" || found > 0;
  });
}
`;

type Kids = Map<string | null, OaDept[]>;

function Node({ v, d, kids, chosen, seen }: { v: View; d: OaDept; kids: Kids; chosen: ReadonlySet<string>; seen: Set<string> }) {
  seen.add(d.id);
  // A cycle in OA data: each node once.
  const children = (kids.get(d.id) ?? []).filter((c) => !seen.has(c.id));
  return (
    <li data-name={d.name.toLowerCase()} data-id={d.id}>
      <label>
        <input type="checkbox" name="scope_pick" value={d.id} checked={chosen.has(d.id)} /> {d.name}
      </label>{" "}
      {d.kind === "branch" && <span class="badge" data-kind="branch">{tp(v.lang, "push.scope.branch")}</span>}
      <code class="muted">{d.id}</code>
      {children.length > 0 && (
        <ul>
          {children.map((c) => (
            <Node v={v} d={c} kids={kids} chosen={chosen} seen={seen} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PushScopePicker({ v, depts, chosen, error }: { v: View; depts: readonly OaDept[]; chosen: readonly string[]; error?: string | undefined }) {
  const ids = new Set(depts.map((d) => d.id));
  const kids: Kids = new Map();
  for (const d of depts) {
    const parent = d.parentId !== null && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), d]);
  }
  const picked = new Set(chosen);
  // Chosen ids the snapshot no longer has stay ticked and visible, so saving never drops them silently.
  const gone = chosen.filter((id) => !ids.has(id));
  const seen = new Set<string>();
  return (
    <div class={error ? "field invalid" : "field"} data-testid="scope-picker">
      <p>
        <strong>{tp(v.lang, "push.scope.pick")}</strong> · {tp(v.lang, "push.scope.count", { n: chosen.length })}
      </p>
      <div hidden>
        <label for="scope-search">{tp(v.lang, "push.scope.search")}</label>
        <input type="search" id="scope-search" data-scope-search data-none="scope-none" aria-controls="scope-tree" autocomplete="off" />
      </div>
      {depts.length === 0 && <p class="muted">{tp(v.lang, "push.scope.noOa")}</p>}
      <p id="scope-none" class="muted" hidden>{tp(v.lang, "push.scope.noMatch")}</p>
      <ul id="scope-tree" class="scope-tree">
        {(kids.get(null) ?? []).map((d) => (
          <Node v={v} d={d} kids={kids} chosen={picked} seen={seen} />
        ))}
        {gone.map((id) => (
          <li data-name="" data-id={id}>
            <label>
              <input type="checkbox" name="scope_pick" value={id} checked /> <code>{id}</code>
            </label>{" "}
            <span class="badge bad">{tp(v.lang, "push.scope.gone")}</span>
          </li>
        ))}
      </ul>
      {error && <div class="error">{error}</div>}
      <script src={SCOPE_PICKER_PATH} defer></script>
    </div>
  );
}
