import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { tenantOf } from "../corps/index.ts";
import type { OaCandidate } from "./browse.ts";
import { oaPeopleByIds, personRow } from "./browse-store.ts";
import { listReviews, type ReviewView } from "./review.ts";

export type ReviewItem = ReviewView & { welinkName: string | null; people: OaCandidate[] };

/** The open reviews with names on both sides, so the admin can pick without looking people up. */
export async function listReviewQueue(deps: Deps, ctx: Ctx, corpId: string, page: { limit: number; offset: number }): Promise<{ items: ReviewItem[]; total: number }> {
  const { items, total } = await listReviews(deps, ctx, corpId, page);
  const tenantId = tenantOf(ctx).id;
  const named = await Promise.all(
    items.map(async (r) => {
      const [welink, people] = await Promise.all([personRow(deps.db, r.corpId, r.welinkUserId), oaPeopleByIds(deps.db, tenantId, r.candidates)]);
      const byId = new Map(people.map((p) => [p.id, p]));
      const ordered = r.candidates.flatMap((id) => {
        const p = byId.get(id);
        return p ? [{ id: p.id, account: p.account, name: p.name, mobile: p.mobile, email: p.email, employeeNo: p.employeeNo, active: p.active }] : [];
      });
      return { ...r, welinkName: welink?.user.nameCn ?? null, people: ordered };
    }),
  );
  return { items: named, total };
}
