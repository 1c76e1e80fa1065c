import type { WelinkClient } from "../welink/index.ts";
import { ALREADY_EXISTS_CODE, classify, NO_TASK_ID_REASON, NO_WELINK_USER_REASON, NOT_VISIBLE_REASON } from "./classify.ts";
import type { ClaimedDelivery } from "./dispatch-claim.ts";
import type { MessageRow } from "./dispatch-store.ts";
import type { Result } from "./send-card.ts";
import type { Outcome } from "./transitions.ts";
import { fitUtf8, LIMITS } from "./truncate.ts";

/** "todo does not exist": a repeated delete after one that went through. */
const TODO_MISSING_CODE = "55008";

async function attempt(op: () => Promise<unknown>, okCodes: string[]): Promise<Outcome> {
  try {
    await op();
    return { kind: "sent" };
  } catch (e) {
    const f = classify(e);
    if (okCodes.includes(f.code)) return { kind: "sent" };
    if (f.kind === "not-visible") return { kind: "skipped", code: f.code, reason: NOT_VISIBLE_REASON };
    return { kind: f.kind, code: f.code, reason: f.error };
  }
}

/**
 * One WeLink todo per person with taskId = the delivery's todoKey. create → addTask (55010 on a
 * retry means the earlier try went through), update → handOver to the delivery's person,
 * done → completeForUser, delete → deleteTask once per todo (the others of the batch share it).
 */
export async function sendTodoGroup(client: WelinkClient, appName: string, m: MessageRow, group: ClaimedDelivery[]): Promise<Result[]> {
  const results: Result[] = [];
  const deleted = new Map<string, Outcome>();
  for (const d of group) {
    const taskId = d.todoKey;
    const userId = d.welinkUserId;
    if (!taskId || !userId) {
      results.push({ delivery: d, outcome: { kind: "permanent", code: "NO_WELINK_USER", reason: taskId ? NO_WELINK_USER_REASON : NO_TASK_ID_REASON } });
      continue;
    }
    let outcome: Outcome;
    switch (m.kind) {
      case "create":
        outcome = await attempt(
          () =>
            client.todo.addTask({
              taskId,
              userId,
              title: fitUtf8(m.title, LIMITS.title).text,
              detailsUrl: m.mobileUrl ?? m.pcUrl ?? "",
              detailsUrlPc: m.pcUrl ?? m.mobileUrl ?? undefined,
              appName: fitUtf8(appName, LIMITS.owner).text,
              applicant: { userId, nameCn: m.sender ? fitUtf8(m.sender, LIMITS.owner).text : undefined },
              applicantId: m.externalId,
            }),
          [ALREADY_EXISTS_CODE],
        );
        break;
      case "update":
        outcome = await attempt(() => client.todo.handOver({ taskId, userId }), []);
        break;
      case "done":
        outcome = await attempt(() => client.todo.completeForUser({ taskId, userId }), []);
        break;
      case "delete": {
        const known = deleted.get(taskId);
        outcome = known ?? (await attempt(() => client.todo.deleteTask(taskId), [TODO_MISSING_CODE]));
        deleted.set(taskId, outcome);
        break;
      }
    }
    results.push({ delivery: d, outcome });
  }
  return results;
}
