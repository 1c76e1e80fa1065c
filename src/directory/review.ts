import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { corpRowOf, tenantOf } from "../corps/index.ts";
import { createBinding } from "./bindings.ts";
import * as reviews from "./review-store.ts";

export type ReviewView = { id: string; corpId: string; welinkUserId: string; field: string; candidates: string[]; createdAt: string };

const view = (r: reviews.ReviewRow): ReviewView => ({
  id: r.id,
  corpId: r.corpId,
  welinkUserId: r.welinkUserId,
  field: r.field,
  candidates: JSON.parse(r.candidates) as string[],
  createdAt: new Date(r.createdAt).toISOString(),
});

export async function listReviews(deps: Deps, ctx: Ctx, corpId: string, page: { limit: number; offset: number }) {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const [rows, total] = await Promise.all([reviews.listOpenReviewRows(deps.db, corp.id, page.limit, page.offset), reviews.countOpenReviews(deps.db, corp.id)]);
  return { items: rows.map(view), total };
}

async function openReviewOf(deps: Deps, ctx: Ctx, reviewId: string) {
  const row = await reviews.findReview(deps.db, tenantOf(ctx).id, reviewId);
  if (!row) throw errors.notFound("review", reviewId);
  if (row.resolvedAt !== null) throw new AppError("REVIEW_RESOLVED", row.resolution === "bound" ? {} : { variant: "dismissed" });
  return row;
}

/** The admin picks one of the candidates: bound as an admin binding (a person chose, not the rule). */
export async function pickCandidate(deps: Deps, ctx: Ctx, reviewId: string, oaUserId: string) {
  const row = await openReviewOf(deps, ctx, reviewId);
  const candidates = JSON.parse(row.candidates) as string[];
  if (!candidates.includes(oaUserId)) {
    throw errors.validation([{ path: "oaUserId", message: `Pick one of the review's candidates: ${candidates.join(", ")}.` }]);
  }
  // createBinding settles the open review in its own transaction (audited as binding.create).
  return createBinding(deps, ctx, { tenantId: row.tenantId, corpId: row.corpId, welinkUserId: row.welinkUserId, oaUserId, method: "admin" });
}

export async function dismissReview(deps: Deps, ctx: Ctx, reviewId: string): Promise<ReviewView> {
  const row = await openReviewOf(deps, ctx, reviewId);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    await reviews.resolveReviewRow(tx, row.id, { resolvedAt: now, resolution: "dismissed", resolvedBy: ctx.actor.label });
    await recordAudit(tx, now, ctx, { action: "binding.review.dismiss", target: `corp:${row.corpId}/welink:${row.welinkUserId}`, before: view(row), tenantId: row.tenantId });
  });
  return view(row);
}
