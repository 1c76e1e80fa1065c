import { AppError, type ParamsOf } from "../../kernel/errors.ts";

/** The OA's failures in words an admin can act on; all are 502 (the OA, not the caller, is at fault) unless said. */
export const oaErrors = {
  unreachable: (url: string, why: string) =>
    new AppError("OA_UNREACHABLE", { url, reason: why }),
  timeout: (url: string, seconds: number) =>
    new AppError("OA_TIMEOUT", { url, seconds }),
  authFailed: (status: number) =>
    new AppError("OA_AUTH_FAILED", { httpStatus: status }),
  httpError: (status: number, path: string) =>
    new AppError("OA_HTTP_ERROR", { httpStatus: status, path }, { retryable: status >= 500 }),
  badResponse: (path: string, why: string) =>
    new AppError("OA_BAD_RESPONSE", { path, why }),
  notSupported: (params: ParamsOf<"OA_NOT_SUPPORTED"> = {}) => new AppError("OA_NOT_SUPPORTED", params),
  secretMissing: (params: ParamsOf<"OA_SECRET_MISSING"> = {}) => new AppError("OA_SECRET_MISSING", params),
  notConfigured: () =>
    new AppError("OA_NOT_CONFIGURED"),
};
