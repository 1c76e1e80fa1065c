/** @jsxImportSource hono/jsx */
import { type AdminContext, Badge, Flash, renderPage, type TenantCtx, tenantGuard, Time, type View } from "../ui/index.ts";
import type { Child } from "hono/jsx";
import { t } from "../kernel/i18n.ts";
import type { CorpImpact } from "./corps.ts";
import type { LastTest } from "./app-input.ts";
import { tc } from "./i18n.ts";

/** Corps and apps pages live in the nav's "corps" area. */
export const CORPS_NAV = "corps";

export type { TenantCtx };

/** A page of the area inside the shell; `heading` defaults to the area's title. */
export function renderCorpsPage(c: AdminContext, heading: string, body: (v: View) => Child, status?: number) {
  return renderPage(c, { title: heading, active: CORPS_NAV, status }, (v) => (
    <>
      <h1>{heading}</h1>
      {body(v)}
    </>
  ));
}

/** Handlers that need the working tenant; in the global view the page asks to choose one. */
export const withTenant = tenantGuard({ active: CORPS_NAV, title: (l) => tc(l, "corps.title"), chooseTenant: (l) => tc(l, "corps.chooseTenant") });

/** A `?done=` confirmation of the corps or apps pages, when the key is known. */
export const doneFlash = (c: AdminContext, area: "corps" | "apps") => {
  const text = tc.maybe(c.get("lang"), `${area}.done.${c.req.query("done") ?? ""}`);
  return text ? <Flash kind="ok">{text}</Flash> : null;
};

export const EnabledBadge = ({ v, on }: { v: View; on: boolean }) => <Badge kind={on ? "ok" : "warn"}>{tc(v.lang, on ? "corps.on" : "corps.off")}</Badge>;
/**
 * A corp's state: on, off, or disconnected (integration removed, directory kept). An enabled corp
 * whose app failed its last test says so beside "enabled", with a link to the app.
 */
export function CorpBadge({ v, corp, failing = [] }: { v: View; corp: { enabled: boolean; disconnectedAt: string | null }; failing?: { id: string; name: string }[] }) {
  if (corp.disconnectedAt) return <Badge kind="warn">{tc(v.lang, "corps.disconnected")}</Badge>;
  if (!corp.enabled || failing.length === 0) return <EnabledBadge v={v} on={corp.enabled} />;
  return (
    <span class="corp-state">
      <Badge kind="bad">{tc(v.lang, "corps.onButFailing")}</Badge>{" "}
      {tc(v.lang, "corps.failingApps")}{" "}
      {failing.map((a, i) => (
        <>
          {i > 0 && "、"}
          <a href={`/admin/apps/${a.id}`}>{a.name}</a>
        </>
      ))}
    </span>
  );
}

const testFailureText = (lang: View["lang"], code: string) =>
  tc.maybe(lang, `apps.lastTest.code.${code}`) ?? tc(lang, "apps.lastTest.code.other", { code });

/** An app's last test connection: passed, failed (with the catalog's title of why), or never run. */
export function LastTestBadge({ v, test }: { v: View; test: LastTest | null }) {
  if (!test) return <span class="muted">{tc(v.lang, "apps.lastTest.never")}</span>;
  const at = <Time v={v} at={test.at} />;
  return test.ok ? (
    <span>
      <Badge kind="ok">{tc(v.lang, "apps.lastTest.ok")}</Badge> <span class="muted">{at}</span>
    </span>
  ) : (
    <span>
      <Badge kind="bad">{tc(v.lang, "apps.lastTest.failed")}</Badge> <span class="muted">{at}</span>
      {test.code && <div class="muted">{testFailureText(v.lang, test.code)}</div>}
    </span>
  );
}

type SelectProps = { name: string; label: string; value: string; options: { value: string; label: string; data?: boolean }[]; hint?: string; error?: string | undefined };

export function Select(p: SelectProps) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy || undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} translate={o.data ? "no" : undefined}>{o.label}</option>
        ))}
      </select>
      {p.hint && <div class="hint" id={`${id}-hint`}>{p.hint}</div>}
      {p.error && <div class="error" id={`${id}-error`}>{p.error}</div>}
    </div>
  );
}

/** One checkbox with its label (an unticked box sends nothing). */
export const Toggle = ({ name, label, checked }: { name: string; label: string; checked: boolean }) => (
  <div class="field checks">
    <label>
      <input type="checkbox" name={name} checked={checked} />
      {label}
    </label>
  </div>
);

/** What removing a corp takes with it, and what stays. */
export function ImpactList({ v, impact }: { v: View; impact: CorpImpact }) {
  return (
    <>
      <p>{tc(v.lang, "corps.removeIntro")}</p>
      <ul>
        <li>{tc(v.lang, "corps.impact.apps", { n: impact.apps })}</li>
        <li>{tc(v.lang, "corps.impact.directory", { people: impact.people, departments: impact.departments })}</li>
        <li>{tc(v.lang, "corps.impact.bindings", { n: impact.bindings })}</li>
        <li>
          {tc(v.lang, "corps.impact.schedules", { n: impact.schedules.length })}
          {impact.schedules.length > 0 && <> ({impact.schedules.map((s) => <code>{s} </code>)})</>}
        </li>
      </ul>
      <p class="muted">{tc(v.lang, "corps.impact.loginLog", { n: impact.loginLogKept })}</p>
    </>
  );
}

export { Facts } from "../ui/index.ts";

export const noneText = (v: View) => t(v.lang, "common.none");
