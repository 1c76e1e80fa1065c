import type { Call } from "./caller.ts";
import { WelinkError } from "./errors.ts";
import { fieldsOf, str, strList } from "./read.ts";
import type { Bilingual, CardMessage, CardStatusUpdate, MessageUpdateResult, SentMessage, TextMessage } from "./types.ts";

/** Receivers per call (§6.3); over it WeLink answers 51018, so it is refused before sending. */
export const MAX_RECEIVERS = 1000;

const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);
const bilingual = (t: Bilingual) => (typeof t === "string" ? t : JSON.stringify({ CN: t.cn, EN: t.en }));

function checkReceivers(api: string, ids: string[]): void {
  if (ids.length === 0 || ids.length > MAX_RECEIVERS) {
    throw WelinkError.of("WELINK_INVALID_REQUEST", { variant: "tooManyReceivers", max: MAX_RECEIVERS, count: ids.length }, { api });
  }
}

/**
 * Public-account messages (§6). Sends are not idempotent (a retry after a timeout could deliver
 * twice), so they are retried only after 48503; a 51019 refusal comes back as WELINK_NOT_VISIBLE
 * with `failedUserIds` (and `itemId` when WeLink sent the card to the others).
 */
export function messagesApi(call: Call) {
  const send = async (path: string, json: Record<string, unknown>): Promise<SentMessage> => {
    const env = await call({ method: "POST", path, json, auth: "app", idempotent: false });
    return { itemId: str(fieldsOf(env).itemId) };
  };
  return {
    /** A normal card to users (POST /api/messages/v2/card/common, msgRange "0"). Keep `itemId` for updates and recall. */
    async sendCard(m: CardMessage): Promise<SentMessage> {
      checkReceivers("POST /api/messages/v2/card/common", m.toUserIds);
      return send("/api/messages/v2/card/common", {
        msgOwner: m.owner,
        publicAccID: m.publicAccountId,
        msgRange: "0",
        toUserList: m.toUserIds,
        msgTitle: bilingual(m.title),
        msgContent: m.content,
        receiveDeviceType: m.receiveDeviceType,
        urlType: "html",
        urlPath: m.urlPath,
        desktopUrlPath: m.desktopUrlPath,
        messageStatus: m.status && JSON.stringify({ CN: m.status.cn, EN: m.status.en }),
        statusColor: m.status?.color,
        isForceTips: bit(m.forceTips),
      });
    },

    /** A public-account text message (POST /api/messages/v3/send). */
    async sendText(m: TextMessage): Promise<SentMessage> {
      checkReceivers("POST /api/messages/v3/send", m.toUserIds);
      return send("/api/messages/v3/send", {
        msgRange: "0",
        toUserList: m.toUserIds,
        msgTitle: m.title,
        msgContent: m.content,
        urlType: "html",
        urlPath: m.urlPath,
        desktopUrlPath: m.desktopUrlPath,
        msgOwner: m.owner,
        msgDisplayMode: m.displayMode,
        isForceTips: bit(m.forceTips),
      });
    },

    /** Changes a card's status label (POST /api/messages/v1/update); users it could not update are listed. */
    async updateCardStatus(u: CardStatusUpdate): Promise<MessageUpdateResult> {
      checkReceivers("POST /api/messages/v1/update", u.toUserIds);
      const json = { itemId: u.itemId, toUserList: u.toUserIds, messageStatus: JSON.stringify({ CN: u.status.cn, EN: u.status.en }), statusColor: u.color, publicAccID: u.publicAccountId };
      const env = await call({ method: "POST", path: "/api/messages/v1/update", json, auth: "app" });
      return { failedUserIds: strList(fieldsOf(env).failedUserId) };
    },

    /** Recalls a card (POST /api/messages/v1/recall). */
    async recall(itemId: string): Promise<void> {
      await call({ method: "POST", path: "/api/messages/v1/recall", json: { itemId }, auth: "app" });
    },
  };
}

export type MessagesApi = ReturnType<typeof messagesApi>;
