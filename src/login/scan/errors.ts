import { AppError } from "../../kernel/errors.ts";
import type { ScanFailedReason } from "../log/login-log.ts";
import type { TicketState } from "./ticket-store.ts";

/** A refusal of scan login: its code is also the login log's reason. */
export class ScanError extends AppError {
  constructor(
    readonly reason: ScanFailedReason | "TICKET_NOT_CONFIRMED" | "TICKET_CONFIRMED" | "TOO_MANY_TICKETS",
    status: 403 | 404 | 409 | 410 | 429,
    detail: string,
    headers?: Record<string, string>,
  ) {
    super(reason, status, detail, headers ? { headers } : undefined);
  }
}

export const scanErrors = {
  unknown: () => new ScanError("TICKET_UNKNOWN", 404, "This QR code is unknown, or it was not asked for by this browser."),
  expired: () => new ScanError("TICKET_EXPIRED", 410, "The QR code expired. Refresh it to get a new one."),
  denied: () => new ScanError("TICKET_DENIED", 409, "The sign-in was denied on the phone."),
  cancelled: () => new ScanError("TICKET_CANCELLED", 409, "The QR code was cancelled. Refresh it to get a new one."),
  secondScanner: () => new ScanError("SECOND_SCANNER", 409, "Someone else scanned this QR code as well, so it was cancelled. Ask for a new one on the computer."),
  used: () => new ScanError("TICKET_USED", 409, "This QR code was already used to sign in. Refresh it to get a new one."),
  alreadyConfirmed: () => new ScanError("TICKET_CONFIRMED", 409, "The sign-in was already approved on the phone; continue on the computer."),
  notConfirmed: (state: TicketState) => new ScanError("TICKET_NOT_CONFIRMED", 409, `The sign-in is not approved on the phone yet (the ticket is ${state}).`),
  network: () => new ScanError("NETWORK_NOT_ALLOWED", 403, "Scan login is not offered on this network. Ask your administrator to add it to the trusted networks."),
  origin: () => new ScanError("ORIGIN_NOT_ALLOWED", 403, "This page may not show the scan-login QR code. Ask your administrator to add its origin to the allowed origins."),
  off: () => new ScanError("SCAN_LOGIN_OFF", 403, "Scan login is switched off for this organisation."),
  tooMany: (retryAfterS: number) =>
    new ScanError("TOO_MANY_TICKETS", 429, `Too many QR codes asked for from this address; try again in ${retryAfterS} s.`, { "Retry-After": String(retryAfterS) }),
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
