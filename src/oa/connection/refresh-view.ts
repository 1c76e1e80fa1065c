import { decodeSaid, type Said, storedText } from "../../kernel/said.ts";
import type * as store from "../store.ts";

/** A refresh as the API gives it: times in ISO, and a failure's code with its message in English. */
export type RefreshView = {
  id: string;
  trigger: store.RefreshRow["trigger"];
  kind: store.RefreshRow["kind"];
  status: store.RefreshRow["status"];
  startedAt: string;
  finishedAt: string | null;
  departments: number | null;
  users: number | null;
  /** Where the next changes-only refresh starts, in the source's own time (null: the source cannot list changes). */
  mark: string | null;
  errorCode: string | null;
  error: string | null;
};

/**
 * A failure is stored as its catalog code with its params (a Said), so each reader words it in
 * their own language; rows written before that hold English text, which reads as it was written.
 */
export const refreshView = (r: store.RefreshRow): RefreshView => ({
  id: r.id,
  trigger: r.trigger,
  kind: r.kind,
  status: r.status,
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
  departments: r.deptCount,
  users: r.userCount,
  mark: r.mark,
  errorCode: r.errorCode,
  error: storedText(r.error).text,
});

/** The admin's: the failure kept as said, for the page to put in the admin's language. */
export type RefreshShown = RefreshView & { failure: Said | null };
export const refreshShown = (r: store.RefreshRow): RefreshShown => ({ ...refreshView(r), failure: decodeSaid(r.error) });
