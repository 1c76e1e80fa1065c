import { randomUUID } from "node:crypto";
import type { App } from "./model.ts";
import { isVisibleTo, type Sandbox, slot } from "./sandbox.ts";

/** Which API put the message on the phone; decides what can later be updated or recalled. */
export type MessageKind = "card" | "text" | "todo";

export type Receipt = { messageStatus?: string; statusColor?: string };

/** A public-account message as WeLink keeps it: the fields as sent, plus each receiver's status label. */
export type Message = {
  itemId: string;
  clientId: string;
  kind: MessageKind;
  publicAccID?: string;
  fields: Record<string, unknown>;
  /** A card sent without `messageStatus` is "stateless": WeLink refuses to update it (51107). */
  hasStatus: boolean;
  sentAt: number;
  recalledAt?: number;
  receivers: Map<string, Receipt>;
};

type MessageState = { byItem: Map<string, Message>; byUser: Map<string, string[]> };

const state = (sb: Sandbox) => slot<MessageState>(sb, "messages", () => ({ byItem: new Map(), byUser: new Map() }));

export const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * Whether WeLink would put something from `app` in front of `userId`: the account exists, is not
 * closed (userStatus 4, [inferred]: a closed account has no phone to deliver to), and lies in the
 * app's visible range.
 */
export function canReach(sb: Sandbox, app: App, userId: string): boolean {
  const user = sb.org.users.get(userId);
  return user !== undefined && user.userStatus !== 4 && isVisibleTo(sb, app, userId);
}

/** Splits receivers into those the app can reach and the rest (answered as `failedUserId`). */
export function partition(sb: Sandbox, app: App, userIds: Iterable<string>): { ok: string[]; failed: string[] } {
  const ok: string[] = [];
  const failed: string[] = [];
  for (const id of new Set(userIds)) (canReach(sb, app, id) ? ok : failed).push(id);
  return { ok, failed };
}

export type NewMessage = {
  clientId: string;
  kind: MessageKind;
  publicAccID?: string;
  fields: Record<string, unknown>;
  receivers: string[];
  status?: Receipt;
};

/** Puts a message in each receiver's inbox and returns it (its `itemId` identifies it later). */
export function deliver(sb: Sandbox, input: NewMessage): Message {
  const s = state(sb);
  const message: Message = {
    itemId: randomUUID(),
    clientId: input.clientId,
    kind: input.kind,
    publicAccID: input.publicAccID,
    fields: input.fields,
    hasStatus: input.status?.messageStatus !== undefined,
    sentAt: sb.now(),
    receivers: new Map(input.receivers.map((id) => [id, { ...input.status }])),
  };
  s.byItem.set(message.itemId, message);
  for (const id of input.receivers) {
    const list = s.byUser.get(id) ?? [];
    list.push(message.itemId);
    s.byUser.set(id, list);
  }
  return message;
}

export const findMessage = (sb: Sandbox, itemId: string): Message | undefined => state(sb).byItem.get(itemId);

/** What the user sees in the WeLink client, oldest first (recalled messages stay, marked). */
export function messagesOf(sb: Sandbox, userId: string) {
  const s = state(sb);
  return (s.byUser.get(userId) ?? []).flatMap((itemId) => {
    const m = s.byItem.get(itemId);
    if (!m) return [];
    const receipt = m.receivers.get(userId) ?? {};
    return [{ itemId, clientId: m.clientId, kind: m.kind, publicAccID: m.publicAccID, ...m.fields, ...receipt, sentAt: m.sentAt, recalled: m.recalledAt !== undefined }];
  });
}
