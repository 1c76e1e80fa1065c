/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Confirm, ErrorFlash, readForm } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { listOaUsers } from "../oa/index.ts";
import { getCorp, termKeyText } from "../corps/index.ts";
import { adminBind, adminUnbind } from "./binding-admin.ts";
import { getPersonCard } from "./browse.ts";
import { nameBook } from "./change-names.ts";
import { personHref } from "./directory-views.tsx";
import { td } from "./i18n.ts";
import { BindingHistory, CandidateTable, ChangeHistory, OaFacts, OaSearch, WelinkFacts } from "./person-views.tsx";
import { corpBase, doneFlash, renderCorpPage, type TenantCtx, withTenant } from "./page-parts.tsx";

const SEARCH_LIMIT = 20;
const ids = (c: AdminContext) => ({ corpId: c.req.param("corpId") ?? "", userId: c.req.param("userId") ?? "" });

/** A use-case refusal the admin can act on (conflict, unknown OA person) is shown on the card. */
const refusal = (e: unknown): AppError => {
  if (e instanceof AppError && e.status < 500) return e;
  throw e;
};

async function card(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const { corpId, userId } = ids(c);
  const corp = await getCorp(deps, ctx, corpId);
  const data = await getPersonCard(deps, ctx, corp.id, userId);
  const oaq = (c.req.query("oaq") ?? "").trim().slice(0, 100);
  const found = oaq ? (await listOaUsers(deps, ctx, { q: oaq, offset: 0, limit: SEARCH_LIMIT })).items : [];
  const self = personHref(corp.id, userId);
  const review = data.review;
  const names = await nameBook(deps.db, corp.id, [userId]);
  return renderCorpPage(c, corp, { tab: "directory", title: data.person.nameCn, status: failed?.status }, (v) => (
    <>
      <p>
        <a href={`${corpBase(corp.id)}#people`}>{td(v.lang, "card.back")}</a>
      </p>
      {doneFlash(c)}
      {failed && <ErrorFlash v={v} err={failed} />}
      <h2>{td(v.lang, "card.welink")}</h2>
      <WelinkFacts v={v} card={data} />
      {/* A URL, not an import: the explain room sits above directory and reads it. */}
      <p>
        <a href={`/admin/explain?q=${encodeURIComponent(userId)}&corpId=${encodeURIComponent(corp.id)}`}>{td(v.lang, "card.explain")}</a>
      </p>
      <h2>{td(v.lang, "card.oa")}</h2>
      <OaFacts v={v} card={data} />
      {data.person.binding && (
        <p class="buttons">
          <a href={`${self}/unbind`} class="button secondary danger-text">{td(v.lang, "card.unbind")}</a>
        </p>
      )}
      {review && (
        <>
          <h2>{td(v.lang, "card.review", { field: termKeyText(v.lang, review.field) })}</h2>
          <CandidateTable v={v} action={`${corpBase(corp.id)}/reviews/${encodeURIComponent(review.id)}/pick`} people={review.candidates} button={td(v.lang, "review.pick")} back={self} />
        </>
      )}
      {!data.person.binding && (
        <>
          <h2 id="bind">{td(v.lang, "card.bind")}</h2>
          <OaSearch v={v} action={self} q={oaq} />
          {oaq && <CandidateTable v={v} action={`${self}/bind`} people={found} button={td(v.lang, "card.pick")} />}
        </>
      )}
      <h2>{td(v.lang, "card.changes")}</h2>
      <ChangeHistory v={v} card={data} names={names} />
      <h2>{td(v.lang, "card.bindingHistory")}</h2>
      <BindingHistory v={v} card={data} />
    </>
  ));
}

async function bind(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { corpId, userId } = ids(c);
  const form = await readForm(c);
  // The card 404s for someone not in this corp's WeLink mirror, before any binding is made.
  await getPersonCard(deps, ctx, corpId, userId);
  try {
    await adminBind(deps, ctx, corpId, userId, form.text("oaUserId"));
  } catch (e) {
    return card(c, deps, ctx, refusal(e));
  }
  return c.redirect(`${personHref(corpId, userId)}?done=bound`, 303);
}

async function confirmUnbind(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { corpId, userId } = ids(c);
  const corp = await getCorp(deps, ctx, corpId);
  const data = await getPersonCard(deps, ctx, corp.id, userId);
  const b = data.person.binding;
  if (!b) return c.redirect(personHref(corp.id, userId), 303);
  const self = personHref(corp.id, userId);
  return renderCorpPage(c, corp, { tab: "directory", title: td(c.get("lang"), "card.unbind") }, (v) => (
    <Confirm v={v} action={`${self}/unbind`} button={td(v.lang, "card.unbind")} cancel={self}>
      <p>{td(v.lang, "card.unbindConfirm", { welink: data.person.nameCn, oa: b.oaName ?? b.oaUserId })}</p>
    </Confirm>
  ));
}

async function unbind(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const { corpId, userId } = ids(c);
  try {
    await adminUnbind(deps, ctx, corpId, userId);
  } catch (e) {
    return card(c, deps, ctx, refusal(e));
  }
  return c.redirect(`${personHref(corpId, userId)}?done=unbound`, 303);
}

/** A WeLink person's card, with binding and unbinding by an administrator. */
export function personPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/people/:userId", withTenant((c, ctx) => card(c, deps, ctx)));
  r.post("/directory/:corpId/people/:userId/bind", withTenant((c, ctx) => bind(c, deps, ctx)));
  r.get("/directory/:corpId/people/:userId/unbind", withTenant((c, ctx) => confirmUnbind(c, deps, ctx)));
  r.post("/directory/:corpId/people/:userId/unbind", withTenant((c, ctx) => unbind(c, deps, ctx)));
  return r;
}
