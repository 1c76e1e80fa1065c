import { type Context, Hono } from "hono";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { App } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";
import { deliver, findMessage, type NewMessage, partition } from "./messages-store.ts";
import { checkCardOptions, checkSendOptions, checkTexts, checkUpdate, displayFields, type Failure, readReceivers, type Receivers, requireFields } from "./messages-rules.ts";

const CARD_FIELDS = ["msgOwner", "msgTitle", "msgContent", "receiveDeviceType", "urlType", "urlPath", "desktopUrlPath", "isForceTips"];
const SEND_FIELDS = ["msgOwner", "msgTitle", "msgContent", "urlType", "urlPath", "desktopUrlPath", "msgDisplayMode", "isForceTips", "createTime"];

const isFailure = (x: unknown): x is Failure => typeof x === "object" && x !== null && "code" in x;

/** The people a send reaches: the listed users, or the members of the listed departments and below. */
function resolveTargets(sb: Sandbox, r: Receivers): string[] | Failure {
  if (r.range === "0") return r.users;
  // The sandbox keeps no roles, so it cannot expand a role list [inferred]: answered as "range not supported".
  if (r.range === "2") return { code: "51059", message: "msgRange=2 (roles) is not supported by the sandbox" };
  const ids = new Set<string>();
  for (const code of r.depts) {
    if (code !== "0" && !sb.org.depts.has(code)) return { code: "51062", message: `unknown department ${code}` };
    const depts = [code, ...sb.org.descendantsOf(code).map((d) => d.deptCode)];
    for (const d of depts) for (const u of sb.org.membersOf(d)) ids.add(u.userId);
  }
  return [...ids];
}

/**
 * Delivers to the reachable receivers. When some are outside the app's visible range (or unknown),
 * the others still receive it and the answer is 51019 listing exactly those in `failedUserId`
 * — partial delivery is [inferred]; WeLink's sample shows only the failure half. `itemId` is
 * included then too so the sender can still update or recall what was delivered.
 */
function send(c: Context, sb: Sandbox, app: App, userIds: string[], message: Omit<NewMessage, "receivers" | "clientId">): Response {
  const { ok: reach, failed } = partition(sb, app, userIds);
  const notFollower = "不能给非粉丝用户推送消息";
  if (reach.length === 0 && failed.length > 0) return fail(c, "51019", notFollower, { failedUserId: failed });
  const { itemId } = deliver(sb, { ...message, clientId: app.clientId, receivers: reach });
  return failed.length > 0 ? fail(c, "51019", notFollower, { failedUserId: failed, itemId }) : ok(c, { itemId });
}

/** Checks shared by the two send endpoints: receivers, required texts, byte limits, options. */
function checkSend(sb: Sandbox, b: Record<string, unknown>, ranges: string[], required: string[], options: (b: Record<string, unknown>) => Failure | undefined): string[] | Failure {
  const receivers = readReceivers(b, ranges);
  if (isFailure(receivers)) return receivers;
  const problem = requireFields(b, required) ?? checkTexts(b) ?? options(b);
  return problem ?? resolveTargets(sb, receivers);
}

async function updateStatus(sb: Sandbox, c: Context): Promise<Response> {
  const auth = authorize(sb, c, "message");
  if (isResponse(auth)) return auth;
  const b = await body(c);
  const problem = checkUpdate(b);
  if (problem) return fail(c, problem.code, problem.message);
  const m = findMessage(sb, String(b.itemId));
  // A card sent through a custom account is only found when the same publicAccID is given (start-145).
  if (!m || m.clientId !== auth.app.clientId || m.recalledAt !== undefined || m.publicAccID !== str(b.publicAccID)) return fail(c, "51033", "找不到匹配数据");
  if (!m.hasStatus) return fail(c, "51107", "该消息为无状态消息,不能修改");
  const failed: string[] = [];
  for (const userId of b.toUserList as string[]) {
    const receipt = m.receivers.get(userId);
    if (!receipt) failed.push(userId);
    else Object.assign(receipt, { messageStatus: String(b.messageStatus), statusColor: str(b.statusColor) ?? "0" });
  }
  // Users who never received the card are listed, the call itself succeeds (start-145's sample) [inferred].
  return ok(c, { failedUserId: failed.length > 0 ? failed : undefined });
}

async function recall(sb: Sandbox, c: Context): Promise<Response> {
  const auth = authorize(sb, c, "message");
  if (isResponse(auth)) return auth;
  const b = await body(c);
  const missing = requireFields(b, ["itemId"]);
  if (missing) return fail(c, missing.code, missing.message);
  const m = findMessage(sb, String(b.itemId));
  // Only cards, app cards, images and news can be recalled (start-146), not v3 text messages; a
  // second recall finds nothing left to recall. Both answer 51111 [inferred].
  if (!m || m.clientId !== auth.app.clientId || m.kind !== "card" || m.recalledAt !== undefined) return fail(c, "51111", "需要撤回的消息不存在");
  m.recalledAt = sb.now();
  return ok(c);
}

export function messageRoutes(sb: Sandbox) {
  const routes = new Hono();

  routes.post("/api/messages/v2/card/common", async (c) => {
    const auth = authorize(sb, c, "message");
    if (isResponse(auth)) return auth;
    const b = await body(c);
    const targets = checkSend(sb, b, ["0", "1", "2"], ["msgOwner", "msgTitle", "msgContent"], checkCardOptions);
    if (isFailure(targets)) return fail(c, targets.code, targets.message);
    const status = b.messageStatus !== undefined && b.messageStatus !== null ? { messageStatus: String(b.messageStatus), statusColor: str(b.statusColor) ?? "1" } : undefined;
    return send(c, sb, auth.app, targets, { kind: "card", publicAccID: str(b.publicAccID), fields: displayFields(b, CARD_FIELDS), status });
  });

  // Public-account text message: users only (msgRange 0), no status label, so it cannot be updated.
  routes.post("/api/messages/v3/send", async (c) => {
    const auth = authorize(sb, c, "message");
    if (isResponse(auth)) return auth;
    const b = await body(c);
    const targets = checkSend(sb, b, ["0"], ["msgTitle", "msgContent"], checkSendOptions);
    if (isFailure(targets)) return fail(c, targets.code, targets.message);
    return send(c, sb, auth.app, targets, { kind: "text", publicAccID: str(b.publicAccID), fields: displayFields(b, SEND_FIELDS) });
  });

  routes.post("/api/messages/v1/update", (c) => updateStatus(sb, c));
  routes.post("/api/messages/v1/recall", (c) => recall(sb, c));
  return routes;
}
