/** One error vocabulary: a stable code, an HTTP status, a message a person can act on. */
export type FieldError = { path: string; message: string };

export type AppErrorOptions = {
  retryable?: boolean;
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
};

export class AppError extends Error {
  readonly retryable: boolean;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.retryable = options.retryable ?? false;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

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

export const errors = {
  unauthorized: (detail = "Send an API token as 'Authorization: Bearer <token>'.") =>
    new AppError("UNAUTHORIZED", 401, detail, { headers: { "WWW-Authenticate": 'Bearer realm="welink-bridge"' } }),
  forbidden: (detail: string) => new AppError("FORBIDDEN", 403, detail),
  notFound: (what: string) => new AppError("NOT_FOUND", 404, `${what} was not found.`),
  conflict: (code: string, detail: string) => new AppError(code, 409, detail),
  validation: (fieldErrors: FieldError[]) =>
    new AppError("VALIDATION_FAILED", 422, "The request has invalid fields; see 'errors'.", { errors: fieldErrors }),
  malformedJson: () =>
    new AppError("MALFORMED_JSON", 400, "The request body is not valid JSON."),
  unsupportedMediaType: () =>
    new AppError("UNSUPPORTED_MEDIA_TYPE", 415, "Send the body as JSON with 'Content-Type: application/json'."),
  tooLarge: (limit: number) =>
    new AppError("PAYLOAD_TOO_LARGE", 413, `The request body is larger than the limit of ${limit} bytes.`),
  tooMany: (detail: string, retryAfterSeconds: number) =>
    new AppError("RATE_LIMITED", 429, detail, {
      retryable: true,
      headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    }),
  internal: (cause?: unknown) =>
    new AppError("INTERNAL", 500, "Something went wrong on our side; the error was logged with the request id.", {
      retryable: true,
      cause,
    }),
};
