import { MAX_RECEIVERS, type WelinkClient } from "../welink/index.ts";
import { classify, NO_WELINK_USER_REASON, NOT_VISIBLE_REASON, OTHERS_REFUSED_REASON } from "./classify.ts";
import type { ClaimedDelivery } from "./dispatch-claim.ts";
import type { MessageRow } from "./dispatch-store.ts";
import type { Outcome } from "./transitions.ts";
import { fitUtf8, LIMITS } from "./truncate.ts";

export type Result = { delivery: ClaimedDelivery; outcome: Outcome };

/** Title, content and owner cut to WeLink's byte limits on character boundaries. */
export function cardContent(m: MessageRow) {
  return {
    title: fitUtf8(m.title, LIMITS.title).text,
    content: fitUtf8(m.body ?? m.title, LIMITS.content).text,
    owner: fitUtf8(m.sender ?? "OA", LIMITS.owner).text,
  };
}

/**
 * Sends one message to a group of people as cards or texts, ≤ 1000 per call. A 51019 skips
 * exactly the people WeLink named; the others count as sent only when WeLink says it sent
 * the message (an itemId came back), else they are tried again.
 */
export async function sendMessageGroup(
  client: WelinkClient,
  m: MessageRow,
  type: "card" | "notification",
  group: ClaimedDelivery[],
  /** Where the whole text is when it is cut and the OA gave no link (src/messages/full-text.tsx). */
  fullText?: string,
): Promise<Result[]> {
  const results: Result[] = [];
  const unknownUser: Outcome = { kind: "permanent", code: "NO_WELINK_USER", reason: NO_WELINK_USER_REASON };
  const sendable = group.filter((d) => {
    if (d.welinkUserId) return true;
    results.push({ delivery: d, outcome: unknownUser });
    return false;
  });
  const c = cardContent(m);
  for (let i = 0; i < sendable.length; i += MAX_RECEIVERS) {
    const chunk = sendable.slice(i, i + MAX_RECEIVERS);
    const toUserIds = [...new Set(chunk.map((d) => d.welinkUserId as string))];
    const links = { urlPath: m.mobileUrl ?? m.pcUrl ?? fullText, desktopUrlPath: m.pcUrl ?? m.mobileUrl ?? fullText };
    try {
      if (type === "card") await client.messages.sendCard({ owner: c.owner, toUserIds, title: c.title, content: c.content, ...links });
      else await client.messages.sendText({ owner: c.owner, toUserIds, title: c.title, content: c.content, ...links });
      for (const d of chunk) results.push({ delivery: d, outcome: { kind: "sent" } });
    } catch (e) {
      const f = classify(e);
      if (f.kind === "not-visible") {
        const failed = new Set(f.failedUserIds);
        const others: Outcome = f.itemId ? { kind: "sent" } : { kind: "transient", code: f.code, reason: OTHERS_REFUSED_REASON };
        for (const d of chunk) {
          results.push({ delivery: d, outcome: failed.has(d.welinkUserId as string) ? { kind: "skipped", code: f.code, reason: NOT_VISIBLE_REASON } : others });
        }
      } else {
        for (const d of chunk) results.push({ delivery: d, outcome: { kind: f.kind, code: f.code, reason: f.error } });
      }
    }
  }
  return results;
}
