import { WelinkError } from "../welink/index.ts";

/** How a failed WeLink call counts for the outbox. */
export type Failure =
  | { kind: "transient"; code: string; error: string }
  | { kind: "permanent"; code: string; error: string }
  /** 51019: these people are outside the app's visible range; `itemId` when WeLink sent to the others. */
  | { kind: "not-visible"; code: string; error: string; failedUserIds: string[]; itemId: string | undefined };

export const NOT_VISIBLE_CODE = "51019";
export const ALREADY_EXISTS_CODE = "55010";
export const NOT_VISIBLE_REASON = "outside the app's visible range";
export const NO_WELINK_USER_REASON = "the person has no WeLink user id";
export const NO_TASK_ID_REASON = "the todo has no task id";
export const OTHERS_REFUSED_REASON = "WeLink refused others of the same call and sent to no one";

/** WeLink's code when it gave one, else the client's (WELINK_UNAVAILABLE, …). */
export function failureCode(e: unknown): string {
  if (e instanceof WelinkError) return e.welinkCode ?? e.code;
  return "NETWORK_ERROR";
}

export function classify(e: unknown): Failure {
  const error = e instanceof Error ? e.message : String(e);
  const code = failureCode(e);
  if (e instanceof WelinkError) {
    if (e.welinkCode === NOT_VISIBLE_CODE) return { kind: "not-visible", code, error, failedUserIds: [...e.failedUserIds], itemId: e.itemId };
    return { kind: e.retryable ? "transient" : "permanent", code, error };
  }
  // Not a WeLink answer at all (fetch threw, a timeout): worth another try.
  return { kind: "transient", code, error };
}
