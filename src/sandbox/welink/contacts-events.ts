import { type Sandbox, slot } from "./sandbox.ts";

/**
 * A change to the organisation, named as WeLink's contact callbacks name them (§7.3: creation
 * arrives as an Edit event; events carry ids only). Every write — the API, batch jobs and the
 * inspection API playing the console — reports here, so the callback module can deliver them.
 */
export type OrgChange =
  | { eventType: "corpEditUser" | "corpDelUser"; userId: string }
  | { eventType: "corpEditDept" | "corpDelDept"; deptCode: string };

type Listener = (change: OrgChange) => void;

const listeners = (sb: Sandbox) => slot(sb, "contacts.listeners", () => new Set<Listener>());

/** Subscribes to organisation changes; returns the unsubscribe function. */
export function onOrgChange(sb: Sandbox, listener: Listener): () => void {
  listeners(sb).add(listener);
  return () => listeners(sb).delete(listener);
}

export function emitOrgChange(sb: Sandbox, change: OrgChange): void {
  for (const listener of listeners(sb)) {
    try {
      listener(change);
    } catch {
      // A faulty listener must not undo or fail the write that already happened.
    }
  }
}
