import { and, eq, inArray } from "drizzle-orm";
import type { Deps } from "../deps.ts";
import { welinkUsers } from "../directory/index.ts";
import { oaUsers } from "../oa/index.ts";
import type { TenantCtx } from "./page-views.tsx";

/** Names of the people a message went to, for the pages: OA id → name, and corp/WeLink id → name. */
export type RecipientNames = { oa: Map<string, string>; welink: Map<string, string> };

export const welinkKey = (corpId: string, userId: string) => `${corpId}/${userId}`;

/**
 * The OA directory's names of these OA ids and the WeLink mirror's names of these WeLink people,
 * both of the acting tenant only. A person neither side knows (yet) keeps just their id.
 */
export async function recipientNames(deps: Deps, ctx: TenantCtx, oaIds: string[], welink: { corpId: string; userId: string }[]): Promise<RecipientNames> {
  const tenantId = ctx.tenant.id;
  const oaRows = oaIds.length
    ? await deps.db.select({ id: oaUsers.id, name: oaUsers.name }).from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), inArray(oaUsers.id, [...new Set(oaIds)])))
    : [];
  const userIds = [...new Set(welink.map((w) => w.userId))];
  const welinkRows = userIds.length
    ? await deps.db
        .select({ corpId: welinkUsers.corpId, userId: welinkUsers.userId, name: welinkUsers.nameCn })
        .from(welinkUsers)
        .where(and(eq(welinkUsers.tenantId, tenantId), inArray(welinkUsers.userId, userIds)))
    : [];
  return {
    oa: new Map(oaRows.map((r) => [r.id, r.name])),
    welink: new Map(welinkRows.map((r) => [welinkKey(r.corpId, r.userId), r.name])),
  };
}
