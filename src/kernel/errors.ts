/**
 * One error vocabulary: a code from the catalog (error-catalog.ts), its HTTP status, a message a
 * person can act on (rendered from the catalog in either language), and `retryable`.
 */
import { type ArgsOf, CATALOG, type ErrorCode, type ErrorParams, renderError, retryableOf, statusOf, type WordOf } from "./error-catalog.ts";
import type { Lang } from "./i18n.ts";

export type { ArgsOf, ErrorCode, ErrorParams, ParamsOf, WordOf } from "./error-catalog.ts";
export type FieldError = { path: string; message: string };

export type AppErrorOptions = {
  /** Only where the status is not the code's own (HTTP_ERROR relays Hono's). */
  status?: number;
  /** Only where it depends on the case (an OA's 5xx may pass, its 4xx will not). */
  retryable?: boolean;
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
};

/**
 * The class behind AppError. Subclasses whose code comes from a table (WeLink's answers, scan
 * login's refusals) extend this and type their own params; everything else uses `new AppError`.
 */
export class AppErrorBase extends Error {
  readonly status: number;
  readonly retryable: boolean;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options: AppErrorOptions = {},
  ) {
    // The message (and so the API's `detail`) is English; the admin renders `messageOf` instead.
    super(renderError(code, "en", params), { cause: options.cause });
    this.name = "AppError";
    this.status = options.status ?? statusOf(code);
    this.retryable = options.retryable ?? retryableOf(code);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

type AppErrorConstructor = {
  /** A code the catalog lists, with exactly the params its wording (or the chosen `variant`) names. */
  new <C extends ErrorCode>(code: C, ...args: ArgsOf<C, AppErrorOptions>): AppErrorBase;
  readonly prototype: AppErrorBase;
};
export const AppError = AppErrorBase as unknown as AppErrorConstructor;
export type AppError = AppErrorBase;

/** The error's message in a person's language, from the catalog. */
export const messageOf = (err: AppError, lang: Lang): string => renderError(err.code, lang, err.params);

export const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

type ConflictCode = { [C in ErrorCode]: (typeof CATALOG)[C]["status"] extends 409 ? C : never }[ErrorCode];
export type NotFoundKind = WordOf<"kind">;

export const errors = {
  unauthorized: (variant?: "badToken" | "admin") =>
    new AppError("UNAUTHORIZED", variant ? { variant } : {}, { headers: { "WWW-Authenticate": 'Bearer realm="welink-bridge"' } }),
  notFound: (kind: NotFoundKind, id: string) => new AppError("NOT_FOUND", { kind, id }),
  conflict: <C extends ConflictCode>(code: C, ...args: ArgsOf<C, AppErrorOptions>) => new AppError(code, ...args),
  validation: (fieldErrors: FieldError[]) => new AppError("VALIDATION_FAILED", {}, { errors: fieldErrors }),
  controlCharacter: (path: string) =>
    new AppError("VALIDATION_FAILED", { variant: "control", field: path }, { errors: [{ path, message: "must not contain control characters (U+0000–U+001F except tab and line breaks, U+007F) or lone surrogates" }] }),
  malformedJson: () => new AppError("MALFORMED_JSON"),
  malformedForm: () => new AppError("MALFORMED_FORM"),
  unsupportedMediaType: () => new AppError("UNSUPPORTED_MEDIA_TYPE"),
  tooLarge: (limit: number) => new AppError("PAYLOAD_TOO_LARGE", { limit }),
  tooMany: (retryAfterSeconds: number) =>
    new AppError("RATE_LIMITED", {}, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } }),
  internal: (cause?: unknown) => new AppError("INTERNAL", {}, { cause }),
};
