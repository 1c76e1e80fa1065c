import { AppError } from "../../kernel/errors.ts";

/** The OA's failures in words an admin can act on; all are 502 (the OA, not the caller, is at fault) unless said. */
export const oaErrors = {
  unreachable: (url: string, why: string) =>
    new AppError("OA_UNREACHABLE", 502, `The OA at ${url} cannot be reached (${why}). Check the base URL and that the OA is running and reachable from the bridge.`, { retryable: true }),
  timeout: (url: string, seconds: number) =>
    new AppError("OA_TIMEOUT", 502, `The OA at ${url} did not answer within ${seconds} s. Check that it is not overloaded, or raise the timeout.`, { retryable: true }),
  authFailed: (status: number) =>
    new AppError("OA_AUTH_FAILED", 502, `The OA refused the bridge's credentials (HTTP ${status}). Check the token, user name and password, or header in the OA connection settings.`),
  httpError: (status: number, path: string) =>
    new AppError("OA_HTTP_ERROR", 502, `The OA answered HTTP ${status} for ${path}.`, { retryable: status >= 500 }),
  badResponse: (path: string, why: string) =>
    new AppError("OA_BAD_RESPONSE", 502, `The OA's answer for ${path} is not what the settings describe: ${why}. Check the paths and field mapping.`),
  notSupported: (what: string) => new AppError("OA_NOT_SUPPORTED", 422, what),
  secretMissing: (auth: string, secret: string) =>
    new AppError("OA_SECRET_MISSING", 422, `The OA connection signs in with ${auth} but has no ${secret}. Send it in the connection's secrets ("${secret}") and save again.`),
  notConfigured: () =>
    new AppError("OA_NOT_CONFIGURED", 409, "This tenant has no OA connection yet; set one with PUT /api/v1/oa/connection (or in the admin)."),
};
