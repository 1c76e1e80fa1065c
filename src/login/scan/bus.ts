import type { Deps } from "../../deps.ts";
import type { TicketState } from "./ticket-store.ts";

/** What a waiting browser learns about its ticket: the state and until when it holds. */
export type TicketChange = { state: TicketState; expiresAt: number };
type Listener = (change: TicketChange) => void;

/**
 * Ticket changes, in process: every move of a ticket is published here after it is committed,
 * and the browser's status stream or long poll listening for that ticket hears it at once. The
 * database stays the truth: a listener always starts from the stored state.
 */
export type TicketBus = { publish(id: string, change: TicketChange): void; subscribe(id: string, fn: Listener): () => void; listeners(): number };

const buses = new WeakMap<Deps, TicketBus>();

export function ticketBus(deps: Deps): TicketBus {
  const known = buses.get(deps);
  if (known) return known;
  const byTicket = new Map<string, Set<Listener>>();
  let count = 0;
  const bus: TicketBus = {
    publish(id, change) {
      for (const fn of [...(byTicket.get(id) ?? [])]) fn(change);
    },
    subscribe(id, fn) {
      let set = byTicket.get(id);
      if (!set) byTicket.set(id, (set = new Set()));
      set.add(fn);
      count++;
      return () => {
        if (!set.delete(fn)) return;
        count--;
        if (set.size === 0) byTicket.delete(id);
      };
    },
    listeners: () => count,
  };
  buses.set(deps, bus);
  return bus;
}
