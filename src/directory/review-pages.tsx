/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, ErrorFlash, PostForm, readForm, safeBack } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { getCorp, termKeyText } from "../corps/index.ts";
import { personHref } from "./directory-views.tsx";
import { td } from "./i18n.ts";
import { corpBase, doneFlash, renderCorpPage, type TenantCtx, withTenant } from "./page-parts.tsx";
import { CandidateTable } from "./person-views.tsx";
import { dismissReview, pickCandidate } from "./review.ts";
import { listReviewQueue } from "./review-queue.ts";

const PAGE = 50;
const reviewsHref = (corpId: string) => `${corpBase(corpId)}/reviews`;

async function queue(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { items } = await listReviewQueue(deps, ctx, corp.id, { limit: PAGE, offset: 0 });
  return renderCorpPage(c, corp, { tab: "reviews", status: failed?.status }, (v) => (
    <>
      <p class="muted">{td(v.lang, "review.intro")}</p>
      {doneFlash(c)}
      {failed && <ErrorFlash v={v} err={failed} />}
      {items.length === 0 && <p class="muted">{td(v.lang, "review.empty")}</p>}
      {items.map((r) => (
        <section class="panel">
          <h2>
            <a href={personHref(corp.id, r.welinkUserId)}>{r.welinkName ?? r.welinkUserId}</a> <code>{r.welinkUserId}</code>
          </h2>
          <p class="muted">{td(v.lang, "card.review", { field: termKeyText(v.lang, r.field) })}</p>
          <CandidateTable v={v} action={`${reviewsHref(corp.id)}/${encodeURIComponent(r.id)}/pick`} people={r.people} button={td(v.lang, "review.pick")} />
          <PostForm v={v} action={`${reviewsHref(corp.id)}/${encodeURIComponent(r.id)}/dismiss`}>
            <button type="submit" class="button secondary small">{td(v.lang, "review.dismiss")}</button>
          </PostForm>
        </section>
      ))}
    </>
  ));
}

/** Pick or dismiss; a refusal (already settled, not a candidate, taken) is shown on the queue. */
const act = (deps: Deps, kind: "pick" | "dismiss") => async (c: AdminContext, ctx: TenantCtx) => {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const form = await readForm(c);
  const id = c.req.param("reviewId") ?? "";
  try {
    if (kind === "pick") await pickCandidate(deps, ctx, id, form.text("oaUserId"));
    else await dismissReview(deps, ctx, id);
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) throw e;
    return queue(c, deps, ctx, e);
  }
  const back = form.text("back") ? safeBack(form.text("back")) : reviewsHref(corp.id);
  return c.redirect(`${back}${back.includes("?") ? "&" : "?"}done=${kind === "pick" ? "picked" : "dismissed"}`, 303);
};

/** The binding review queue of a corp. */
export function reviewPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/reviews", withTenant((c, ctx) => queue(c, deps, ctx)));
  r.post("/directory/:corpId/reviews/:reviewId/pick", withTenant(act(deps, "pick")));
  r.post("/directory/:corpId/reviews/:reviewId/dismiss", withTenant(act(deps, "dismiss")));
  return r;
}
