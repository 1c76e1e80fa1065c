/**
 * The contact API's error codes. The reference (§3, §4) documents only a few; the others are
 * the sandbox's own picks in WeLink's 47xxx contact range, chosen clear of the documented ones
 * (47000–47004, 47012, 47013, 47101, 47103, 47107–47119).
 */
export const ContactError = {
  /** No permission for the object: outside the app's visible range [inferred §0.4]. */
  NO_PERMISSION: "47000",
  /** User / department not found (documented as "no data" on user reads). */
  NOT_FOUND: "47001",
  /** Required parameter empty (documented on users/accounts and departments/status). */
  PARAM_EMPTY: "47003",
  /** Parameter invalid (documented on departments/status); also page sizes over the limit [inferred]. */
  PARAM_INVALID: "47004",
  /** [inferred] A name longer than 128 characters (Python SDK's MAX_DEPT_NAME_LENGTH, §4.E). */
  NAME_TOO_LONG: "47005",
  /** [inferred] Parent, member or main department does not exist. */
  DEPT_NOT_FOUND: "47006",
  /** [inferred] corpDeptCode already used in the tenant. */
  DUPLICATE_CORP_DEPT: "47007",
  /** [inferred] corpUserId already used in the tenant. */
  DUPLICATE_CORP_USER: "47008",
  /** [inferred] mobileNumber already bound to another account in the tenant. */
  DUPLICATE_MOBILE: "47009",
  /** [inferred] Department still has members or sub-departments (§4.A: refuse by default). */
  DEPT_NOT_EMPTY: "47010",
  /** [inferred] Moving a department under itself or one of its descendants. */
  DEPT_CYCLE: "47011",
  /** No data (documented on users/accounts). */
  NO_DATA: "47012",
  /** Too many ids / items in one request (documented on users/accounts: more than 50). */
  TOO_MANY: "47013",
  /** [inferred] The move or create would exceed the maximum department depth (settings.maxDeptDepth). */
  DEPT_TOO_DEEP: "47014",
  /** [inferred] A manager or secretary that is not a user of the tenant. */
  USER_REF_NOT_FOUND: "47016",
} as const;

export type OpError = { code: string; message: string };
export type OpResult<T> = { ok: true; value: T } | { ok: false; error: OpError };

export const done = <T>(value: T): OpResult<T> => ({ ok: true, value });
export const refuse = <T = never>(code: string, message: string): OpResult<T> => ({ ok: false, error: { code, message } });
