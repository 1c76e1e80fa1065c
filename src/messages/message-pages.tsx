/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { type AdminContext, type AdminEnv, Badge, ErrorFlash, Facts, PostForm, Time, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { corpBase } from "../directory/index.ts";
import { AppError } from "../kernel/errors.ts";
import { t } from "../kernel/i18n.ts";
import { getMessageLog, type MessageLog } from "./delivery-log.ts";
import { replayDelivery, replayMessageDead } from "./delivery-replay.ts";
import { type PushPagesKey, tpp } from "./i18n.ts";
import { type Catalog, doneFlash, loadCatalog, messageHref, MESSAGES_HOME, renderPushPage, ruleHref, StatusBadge, targetName, type TenantCtx, withTenant } from "./page-views.tsx";
import { type RecipientNames, recipientNames, welinkKey } from "./recipient-names.ts";
import { Reason } from "./reason-text.tsx";
import { NOT_BOUND } from "./routing.ts";
import { listPushRules } from "./rules.ts";

type Delivery = MessageLog["deliveries"][number];

/** A person as the admin knows them: the name (when a directory has it) and the id. */
const Person = ({ name, id }: { name: string | undefined; id: string }) =>
  name ? <span class="person" translate="no">{name} <span class="mono muted">{id}</span></span> : <span class="mono" translate="no">{id}</span>;

/** The OA's own links, as the OA gave them: WeLink gets bridge links that sign the opener in first. */
function Links({ v, m }: { v: View; m: MessageLog }) {
  const k = (key: PushPagesKey) => tpp(v.lang, key);
  const row = (label: PushPagesKey, url: string | null) => url && <li>{k(label)}: <a class="mono" href={url} rel="noreferrer noopener" translate="no">{url}</a></li>;
  return (
    <>
      <ul class="people">{row("msg.mobileUrl", m.mobileUrl)}{row("msg.pcUrl", m.pcUrl)}</ul>
      <p class="muted">{k("msg.linksSigned")}</p>
    </>
  );
}

function MessageFacts({ v, m, ruleNames, names }: { v: View; m: MessageLog; ruleNames: Map<string, string>; names: RecipientNames }) {
  const k = (key: PushPagesKey) => tpp(v.lang, key);
  const rules = m.ruleIds.map((id) => {
    const name = ruleNames.get(id);
    return name ? <a href={`${ruleHref(id)}/edit`}>{name}</a> : <span class="mono">{`${id} ${k("msg.ruleGone")}`}</span>;
  });
  return (
    <Facts
      rows={[
        [k("msg.id"), <code>{m.id}</code>],
        [k("msg.source"), <code>{m.source}</code>],
        [k("msg.externalId"), <code>{m.externalId}</code>],
        [k("msg.kind"), tpp.maybe(v.lang, `kind.${m.kind}`) ?? m.kind],
        [k("msg.title2"), <span translate="no">{m.title}</span>],
        [k("msg.sender"), <span translate="no">{m.sender ?? ""}</span>],
        ...(m.mobileUrl || m.pcUrl ? [[k("msg.links"), <Links v={v} m={m} />] as [string, Child]] : []),
        [k("msg.recipients"), <ul class="people">{m.recipients.map((id) => <li><Person name={names.oa.get(id)} id={id} /></li>)}</ul>],
        [k("msg.occurred"), <Time v={v} at={m.occurredAt} />],
        [k("msg.received"), <Time v={v} at={m.receivedAt} />],
        [k("msg.status"), <Badge kind={m.status === "routed" ? "ok" : "warn"}>{k(m.status === "routed" ? "msg.routed" : "msg.noRule")}</Badge>],
        [k("msg.rules"), rules.length ? <span class="buttons">{rules}</span> : t(v.lang, "common.none")],
      ]}
    />
  );
}

function Attempts({ v, d }: { v: View; d: Delivery }) {
  return (
    <table>
      <thead>
        <tr>
          {(["col.at", "col.ok", "col.code", "col.latency", "col.nextRetry", "col.error"] as const).map((key) => (
            <th scope="col">{tpp(v.lang, key)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.attemptLog.map((a) => (
          <tr>
            <td><Time v={v} at={a.at} /></td>
            <td><Badge kind={a.ok ? "ok" : "bad"}>{t(v.lang, a.ok ? "common.yes" : "common.no")}</Badge></td>
            <td class="mono">{a.welinkCode ?? ""}</td>
            <td>{a.latencyMs}</td>
            <td><Time v={v} at={a.nextAttemptAt} /></td>
            <td><small><Reason lang={v.lang} reason={a.error} /></small></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COLUMNS = ["col.oaUser", "col.welinkUser", "col.target", "col.type", "col.status", "col.reason", "col.code", "col.attempts", "col.nextRetry"] as const;

function DeliveryRows({ v, m, d, cat, names }: { v: View; m: MessageLog; d: Delivery; cat: Catalog; names: RecipientNames }) {
  const replayable = d.status === "dead" || d.status === "failed";
  return (
    <>
      <tr>
        <td><Person name={names.oa.get(d.oaUserId)} id={d.oaUserId} /></td>
        <td>{d.welinkUserId && <Person name={names.welink.get(welinkKey(d.corpId, d.welinkUserId))} id={d.welinkUserId} />}</td>
        <td translate="no">{targetName(cat, d.corpId, d.appId)}</td>
        <td>{tpp(v.lang, `type.${d.type}`)}</td>
        <td><StatusBadge v={v} status={d.status} /></td>
        <td>
          <Reason lang={v.lang} reason={d.reason} />
          {d.status === "skipped" && d.reason === NOT_BOUND && (
            <> <a href={`${corpBase(d.corpId)}?filter=unbound#people`}>{tpp(v.lang, "msg.bind")}</a></>
          )}
        </td>
        <td class="mono">{d.welinkCode ?? ""}</td>
        <td>{d.attempts}</td>
        <td><Time v={v} at={d.status === "pending" ? d.nextAttemptAt : null} /></td>
        <td>
          {replayable && (
            <PostForm v={v} action={`${messageHref(m.id)}/deliveries/${encodeURIComponent(d.id)}/replay`}>
              <button type="submit" class="button secondary small">{tpp(v.lang, "replay.one")}</button>
            </PostForm>
          )}
        </td>
      </tr>
      {d.attemptLog.length > 0 && (
        <tr>
          <td colspan={COLUMNS.length + 1}>
            <Attempts v={v} d={d} />
          </td>
        </tr>
      )}
    </>
  );
}

function DeliveryTable({ v, m, cat, names }: { v: View; m: MessageLog; cat: Catalog; names: RecipientNames }) {
  if (m.deliveries.length === 0) return <p class="muted">{tpp(v.lang, "msg.noDeliveries")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {COLUMNS.map((key) => <th scope="col">{tpp(v.lang, key)}</th>)}
            <th scope="col">{t(v.lang, "common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {m.deliveries.map((d) => <DeliveryRows v={v} m={m} d={d} cat={cat} names={names} />)}
        </tbody>
      </table>
    </div>
  );
}

async function detail(c: AdminContext, deps: Deps, ctx: TenantCtx, error?: AppError) {
  const m = await getMessageLog(deps, ctx, c.req.param("messageId") ?? "");
  const welinkPeople = m.deliveries.flatMap((d) => (d.welinkUserId ? [{ corpId: d.corpId, userId: d.welinkUserId }] : []));
  const [rules, cat, names] = await Promise.all([
    listPushRules(deps, ctx),
    loadCatalog(deps, ctx),
    recipientNames(deps, ctx, [...m.recipients, ...m.deliveries.map((d) => d.oaUserId)], welinkPeople),
  ]);
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  const dead = m.deliveries.some((d) => d.status === "dead");
  const title = `${tpp(c.get("lang"), "msg.title")} · ${m.externalId}`;
  return renderPushPage(c, { tab: "messages", title, status: error?.status }, (v) => (
    <>
      <p><a href={MESSAGES_HOME}>{tpp(v.lang, "msg.back")}</a></p>
      {doneFlash(c)}
      {error && <ErrorFlash v={v} err={error} />}
      <MessageFacts v={v} m={m} ruleNames={ruleNames} names={names} />
      <h2>{tpp(v.lang, "msg.deliveries")}</h2>
      {dead && (
        <PostForm v={v} action={`${messageHref(m.id)}/replay-dead`}>
          <button type="submit" class="button secondary">{tpp(v.lang, "replay.messageDead")}</button>
        </PostForm>
      )}
      <DeliveryTable v={v} m={m} cat={cat} names={names} />
    </>
  ));
}

const replayed = (c: AdminContext, messageId: string, n: number) => c.redirect(`${messageHref(messageId)}?done=replayed&n=${n}`, 303);

/** One delivery; a delivery no longer dead or failed (sent meanwhile) answers on the page, not as an error page. */
async function replayOne(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const messageId = c.req.param("messageId") ?? "";
  try {
    const { replayed: n } = await replayDelivery(deps, ctx, c.req.param("deliveryId") ?? "");
    return replayed(c, messageId, n);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 409) throw e;
    return detail(c, deps, ctx, e);
  }
}

async function replayDead(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const messageId = c.req.param("messageId") ?? "";
  const { replayed: n } = await replayMessageDead(deps, ctx, messageId);
  return replayed(c, messageId, n);
}

/** One message of the delivery log: every delivery and attempt, and the replays. */
export function messagePages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/push/messages/:messageId", withTenant((c, ctx) => detail(c, deps, ctx)));
  r.post("/push/messages/:messageId/replay-dead", withTenant((c, ctx) => replayDead(c, deps, ctx)));
  r.post("/push/messages/:messageId/deliveries/:deliveryId/replay", withTenant((c, ctx) => replayOne(c, deps, ctx)));
  return r;
}
