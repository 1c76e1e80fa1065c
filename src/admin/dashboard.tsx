/** @jsxImportSource hono/jsx */
import { Badge, Facts, formatTime, Time, type View } from "../ui/index.ts";
import type { Child } from "hono/jsx";
import type { AppHealth } from "../corps/index.ts";
import type { PullFigure } from "../directory/index.ts";
import type { ChecklistItem } from "./checklist.ts";
import type { CorpFigures } from "./figures.ts";
import { to } from "./i18n.ts";


export function Checklist({ v, items }: { v: View; items: ChecklistItem[] }) {
  const done = items.filter((i) => i.done).length;
  if (done === items.length) return null;
  return (
    <section class="panel" id="getting-started" aria-labelledby="getting-started-title">
      <h2 id="getting-started-title">{to(v.lang, "start.title")}</h2>
      <p class="muted">
        {to(v.lang, "start.intro")} {to(v.lang, "start.progress", { done, total: items.length })}
      </p>
      <ol class="checklist">
        {items.map((i) => (
          <li data-step={i.step} data-done={i.done ? "yes" : "no"}>
            {i.done ? <Badge kind="ok">{`✓ ${to(v.lang, "start.done")}`}</Badge> : <Badge>{to(v.lang, "start.todo")}</Badge>}{" "}
            <a href={i.href}>{to(v.lang, `start.${i.step}`)}</a>
          </li>
        ))}
      </ol>
    </section>
  );
}

function AppTests({ v, apps }: { v: View; apps: AppHealth[] }) {
  if (apps.length === 0) return <span class="muted">{to(v.lang, "dash.noApps")}</span>;
  return (
    <>
      {apps.map((a) => {
        const test = a.lastTest;
        const kind = !test ? undefined : test.ok ? "ok" : "bad";
        const word = !test ? "dash.test.never" : test.ok ? "dash.test.ok" : "dash.test.failed";
        return (
          <div>
            <a href={`/admin/apps/${a.id}`} translate="no">{a.name}</a> <Badge kind={kind}>{to(v.lang, word)}</Badge>
            {test && <span class="muted">{to(v.lang, "dash.test.at", { at: formatTime(v, test.at) })}</span>}
          </div>
        );
      })}
    </>
  );
}

function pullWord(p: PullFigure) {
  if (p.status === "ok" && p.failed > 0) return "dash.pull.partial" as const;
  return `dash.pull.${p.status}` as const;
}

function LastPull({ v, corpId, pull }: { v: View; corpId: string; pull: PullFigure | null }) {
  const runs = `/admin/directory/${corpId}/runs`;
  if (!pull) return <a href={runs}>{to(v.lang, "dash.pull.never")}</a>;
  const bad = pull.status === "failed" || pull.status === "stale" || pull.failed > 0;
  const kind = bad ? "bad" : pull.status === "held" || pull.status === "running" || pull.status === "planned" ? "warn" : "ok";
  return (
    <>
      <a href={`${runs}/${pull.runId}`}>
        <Badge kind={kind}>{to(v.lang, pullWord(pull))}</Badge>
      </a>{" "}
      <span class="muted"><Time v={v} at={pull.finishedAt ?? pull.startedAt} /></span>
      <div>{to(v.lang, "dash.pull.counts", { added: pull.added, updated: pull.updated, removed: pull.removed, failed: pull.failed })}</div>
    </>
  );
}

/** A figure as a link; a non-zero one that is a problem stands out. */
const Figure = ({ href, text, alarm }: { href: string; text: string; alarm?: boolean }) => (
  <a href={href} class={alarm ? "figure alarm" : "figure"}>
    {alarm ? <Badge kind="bad">{text}</Badge> : text}
  </a>
);

export function CorpCard({ v, f }: { v: View; f: CorpFigures }) {
  const dir = `/admin/directory/${f.corp.id}`;
  const d = f.directory;
  const rows: [string, Child][] = [
    [to(v.lang, "dash.apps"), <AppTests v={v} apps={f.apps} />],
    [to(v.lang, "dash.pull"), <LastPull v={v} corpId={f.corp.id} pull={d.lastPull} />],
    [
      to(v.lang, "dash.bindings"),
      <>
        <Figure href={`${dir}?filter=bound#people`} text={to(v.lang, "dash.bound", { n: d.bound })} /> ·{" "}
        <Figure href={`${dir}?filter=unbound#people`} text={to(v.lang, "dash.unbound", { n: d.unbound })} /> ·{" "}
        <Figure href={`${dir}/reviews`} text={to(v.lang, "dash.review", { n: d.review })} alarm={d.review > 0} />
      </>,
    ],
    [
      to(v.lang, "dash.deliveries"),
      <>
        <Figure href="/admin/push/messages?status=failed" text={to(v.lang, "dash.failed", { n: f.deliveries.failed })} alarm={f.deliveries.failed > 0} /> ·{" "}
        <Figure href="/admin/push/messages?status=dead" text={to(v.lang, "dash.dead", { n: f.deliveries.dead })} alarm={f.deliveries.dead > 0} />
      </>,
    ],
    [
      to(v.lang, "dash.scans"),
      <>
        <Figure href="/admin/login-log?channel=scan&result=ok" text={to(v.lang, "dash.scans.ok", { n: f.scans.ok })} /> ·{" "}
        <Figure href="/admin/login-log?channel=scan&result=failed" text={to(v.lang, "dash.scans.failed", { n: f.scans.failed })} alarm={f.scans.failed > 0} />
      </>,
    ],
  ];
  const problem = f.problems.length > 0;
  return (
    <section class={problem ? "panel corp-card problem" : "panel corp-card"} data-corp={f.corp.id} aria-labelledby={`corp-${f.corp.id}`}>
      <h3>
        <a id={`corp-${f.corp.id}`} href={`/admin/corps/${f.corp.id}`} translate="no">{f.corp.name}</a>{" "}
        {problem ? <Badge kind="bad">{to(v.lang, "dash.problems", { n: f.problems.length })}</Badge> : <Badge kind="ok">{to(v.lang, "dash.fine")}</Badge>}
        {f.corp.disconnectedAt ? <Badge kind="warn">{to(v.lang, "dash.disconnected")}</Badge> : !f.corp.enabled && <Badge kind="warn">{to(v.lang, "dash.disabled")}</Badge>}
      </h3>
      {problem && (
        <ul class="problems">
          {f.problems.map((p) => (
            <li>{to(v.lang, `dash.problem.${p}`)}</li>
          ))}
        </ul>
      )}
      <Facts rows={rows} />
    </section>
  );
}
