import { AppErrorBase, type ArgsOf } from "../../kernel/errors.ts";
import type { ScanFailedReason } from "../log/login-log.ts";
import type { TicketState } from "./ticket-store.ts";

type ScanReason = ScanFailedReason | "TICKET_NOT_CONFIRMED" | "TICKET_CONFIRMED" | "TOO_MANY_TICKETS";

/** A refusal of scan login: its code is also the login log's reason. */
export class ScanError extends AppErrorBase {
  private constructor(
    readonly reason: ScanReason,
    params: Record<string, string | number> | undefined,
    headers?: Record<string, string>,
  ) {
    super(reason, params, headers ? { headers } : undefined);
  }

  /** Each reason is a catalog code (so its words and status are the catalog's), with the params it names. */
  static of<R extends ScanReason>(reason: R, ...[params, headers]: ArgsOf<R, Record<string, string>>): ScanError {
    return new ScanError(reason, params as Record<string, string | number> | undefined, headers);
  }
}

export const scanErrors = {
  unknown: () => ScanError.of("TICKET_UNKNOWN"),
  expired: () => ScanError.of("TICKET_EXPIRED"),
  denied: () => ScanError.of("TICKET_DENIED"),
  cancelled: () => ScanError.of("TICKET_CANCELLED"),
  secondScanner: () => ScanError.of("SECOND_SCANNER"),
  used: () => ScanError.of("TICKET_USED"),
  alreadyConfirmed: () => ScanError.of("TICKET_CONFIRMED"),
  notConfirmed: (state: TicketState) => ScanError.of("TICKET_NOT_CONFIRMED", { ticketState: state }),
  network: () => ScanError.of("NETWORK_NOT_ALLOWED"),
  origin: () => ScanError.of("ORIGIN_NOT_ALLOWED"),
  off: () => ScanError.of("SCAN_LOGIN_OFF"),
  tooMany: (retryAfterS: number) => ScanError.of("TOO_MANY_TICKETS", { seconds: retryAfterS }, { "Retry-After": String(retryAfterS) }),
};

/** Why a ticket in `state` cannot move on (for a state other than the one expected). */
export function stateError(state: TicketState): ScanError {
  switch (state) {
    case "expired":
      return scanErrors.expired();
    case "denied":
      return scanErrors.denied();
    case "cancelled":
      return scanErrors.cancelled();
    case "consumed":
      return scanErrors.used();
    case "confirmed":
      return scanErrors.alreadyConfirmed();
    default:
      return scanErrors.notConfirmed(state);
  }
}
