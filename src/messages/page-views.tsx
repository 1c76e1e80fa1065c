/** @jsxImportSource hono/jsx */
import { type AdminContext, Badge, Flash, renderPage, type TenantCtx, tenantGuard, type View } from "../ui/index.ts";
import type { Child } from "hono/jsx";
import type { Deps } from "../deps.ts";
import { listApps, listCorps } from "../corps/index.ts";
import type { DeliveryStatus } from "./delivery-log.ts";
import { tpp } from "./i18n.ts";
import type { RuleTarget } from "./message-input.ts";

export const PUSH_NAV = "push";
export const PUSH_HOME = "/admin/push";
export const MESSAGES_HOME = "/admin/push/messages";
export const messageHref = (id: string) => `${MESSAGES_HOME}/${encodeURIComponent(id)}`;
export const ruleHref = (id: string) => `${PUSH_HOME}/rules/${encodeURIComponent(id)}`;

export const DELIVERY_STATUSES: DeliveryStatus[] = ["pending", "sending", "sent", "skipped", "failed", "dead"];
export const TARGET_TYPES = ["notification", "todo", "card"] as const;

export type { TenantCtx };
export type PushTab = "rules" | "messages";
const TABS: [PushTab, string][] = [["rules", PUSH_HOME], ["messages", MESSAGES_HOME]];

function PushTabs({ v, tab }: { v: View; tab: PushTab }) {
  return (
    <nav class="buttons" aria-label={tpp(v.lang, "tab.label")}>
      {TABS.map(([k, href]) => (
        <a href={href} class={k === tab ? "button small" : "button secondary small"} aria-current={k === tab ? "page" : undefined}>
          {tpp(v.lang, `tab.${k}`)}
        </a>
      ))}
    </nav>
  );
}

export type PushPageOptions = { tab: PushTab; title?: string; status?: number };

/** A page of the push area: its title, the two tabs (rules, delivery log), then the body. */
export function renderPushPage(c: AdminContext, o: PushPageOptions, body: (v: View) => Child) {
  const title = o.title ?? tpp(c.get("lang"), `tab.${o.tab}`);
  return renderPage(c, { title, active: PUSH_NAV, status: o.status }, (v) => (
    <>
      <h1>{title}</h1>
      <PushTabs v={v} tab={o.tab} />
      <div class="spaced">{body(v)}</div>
    </>
  ));
}

/** Rules and messages belong to a tenant; in the global view the page asks to choose one. */
export const withTenant = tenantGuard({ active: PUSH_NAV, title: (l) => tpp(l, "push.title"), chooseTenant: (l) => tpp(l, "push.chooseTenant") });

/** The `?done=` confirmation after a form posted and redirected. */
export function doneFlash(c: AdminContext) {
  const text = tpp.maybe(c.get("lang"), `done.${c.req.query("done") ?? ""}`, { n: c.req.query("n") ?? "" });
  return text ? <Flash kind="ok">{text}</Flash> : null;
}

/** The tenant's corps with their apps: the target picker's choices and the names shown for ids. */
export type Catalog = { corps: { id: string; name: string; apps: { id: string; name: string }[] }[] };

export async function loadCatalog(deps: Deps, ctx: TenantCtx): Promise<Catalog> {
  const corps = await listCorps(deps, ctx);
  const apps = await Promise.all(corps.map((corp) => listApps(deps, ctx, corp.id)));
  return { corps: corps.map((corp, i) => ({ id: corp.id, name: corp.name, apps: (apps[i] ?? []).map((a) => ({ id: a.id, name: a.name })) })) };
}

/** "Corp / App", by name; an id stands in for a corp or app that is gone. */
export function targetName(cat: Catalog, corpId: string, appId: string): string {
  const corp = cat.corps.find((x) => x.id === corpId);
  const app = corp?.apps.find((a) => a.id === appId);
  return `${corp?.name ?? corpId} / ${app?.name ?? appId}`;
}

export const TargetText = ({ v, cat, t }: { v: View; cat: Catalog; t: RuleTarget }) => (
  <span>
    <span translate="no">{targetName(cat, t.corpId, t.appId)}</span> <Badge>{tpp(v.lang, `type.${t.type}`)}</Badge>
  </span>
);

const STATUS_KIND: Record<string, "ok" | "bad" | "warn" | undefined> = { sent: "ok", failed: "bad", dead: "bad", skipped: "warn" };

export const StatusBadge = ({ v, status }: { v: View; status: string }) => (
  <Badge kind={STATUS_KIND[status]}>{tpp.maybe(v.lang, `status.${status}`) ?? status}</Badge>
);

/** Deliveries of a message counted by status, in the states' order. */
export const Counts = ({ v, counts }: { v: View; counts: Record<string, number> }) => {
  const present = DELIVERY_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (present.length === 0) return <span class="muted">{tpp(v.lang, "log.noDeliveries")}</span>;
  return (
    <span>
      {present.map((s) => (
        <>
          <StatusBadge v={v} status={s} /> {counts[s]}{" "}
        </>
      ))}
    </span>
  );
};
