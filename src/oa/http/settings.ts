import { z } from "zod";

/**
 * Settings of the generic REST/JSON adapter: where each call lives, how it pages, how it
 * authenticates, and where each field sits in the answer. Paths into answers are dotted
 * (`data.items`, `dept.0.id`); "" means the answer itself. Secrets (token, password, header
 * value) are not here: they are stored sealed, apart from the settings.
 */
const JsonPath = z.string().max(200).regex(/^[^\s]*$/, "a dotted path without spaces, e.g. data.items");
const ApiPath = z.string().min(1).max(500).regex(/^\//, "must start with /");

export const HttpAuth = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  /** Authorization: Bearer <secret token>. */
  z.object({ type: z.literal("bearer") }),
  /** Authorization: Basic base64(username:<secret password>). */
  z.object({ type: z.literal("basic"), username: z.string().min(1).max(200) }),
  /** <name>: <secret header value>, e.g. X-Api-Key. */
  z.object({ type: z.literal("header"), name: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name") }),
]);

export const HttpPaging = z.discriminatedUnion("style", [
  z.object({ style: z.literal("none") }),
  z.object({
    style: z.literal("page"),
    pageParam: z.string().min(1).default("page"),
    sizeParam: z.string().min(1).default("size"),
    firstPage: z.number().int().min(0).default(1),
    size: z.number().int().min(1).max(10_000).default(100),
  }),
  z.object({
    style: z.literal("offset"),
    offsetParam: z.string().min(1).default("offset"),
    limitParam: z.string().min(1).default("limit"),
    size: z.number().int().min(1).max(10_000).default(100),
  }),
  z.object({
    style: z.literal("cursor"),
    cursorParam: z.string().min(1).default("cursor"),
    /** Where the next cursor sits in the answer; empty / missing = last page. */
    nextCursorPath: JsonPath,
    sizeParam: z.string().min(1).optional(),
    size: z.number().int().min(1).max(10_000).default(100),
  }),
]);

export const DeptFields = z.object({
  id: JsonPath,
  parentId: JsonPath,
  name: JsonPath,
  order: JsonPath.optional(),
  /** Where the item says it is a branch (分部): "branch", "subcompany" or true mark one. */
  kind: JsonPath.optional(),
});

export const UserFields = z.object({
  id: JsonPath,
  account: JsonPath,
  name: JsonPath,
  mobile: JsonPath.optional(),
  email: JsonPath.optional(),
  employeeNo: JsonPath.optional(),
  position: JsonPath.optional(),
  mainDeptId: JsonPath.optional(),
  /** An array of ids, or a comma-separated string. */
  partTimeDeptIds: JsonPath.optional(),
  /** Missing field: everyone is active. */
  active: JsonPath.optional(),
  /** Values of `active` that mean "inactive" (compared as lowercase text); default 0, false, no, inactive, disabled, left. */
  inactiveValues: z.array(z.string()).optional(),
});

export const HttpList = <F extends z.ZodType>(fields: F) =>
  z.object({
    path: ApiPath,
    /** Extra fixed query parameters, e.g. {"includeDisabled": "true"}. */
    query: z.record(z.string(), z.string()).default({}),
    /** Where the array of items sits in the answer. */
    itemsPath: JsonPath,
    fields,
  });

export const PasswordCheck = z.object({
  path: ApiPath,
  accountField: z.string().min(1).default("account"),
  passwordField: z.string().min(1).default("password"),
  /** Where the person sits in a successful answer (mapped with the users' fields). */
  userPath: JsonPath,
});

/** A write endpoint: `{id}` in the path is the OA id (URL-encoded); `idPath` finds the new id in a create's answer. */
const WriteCall = z.object({ method: z.enum(["POST", "PATCH"]).default("POST"), path: ApiPath });
const CreateCall = WriteCall.extend({ idPath: JsonPath });
/** Body field names (flat) the OA uses for each field the bridge writes; a field left out is not sent. */
const FieldName = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "a JSON field name");

/**
 * WeLink → OA write-back (optional): each endpoint present is a capability. Every write sends the
 * bridge's key in `idempotencyHeader`; the OA must answer a repeated key with the first answer.
 */
export const HttpWrites = z.object({
  idempotencyHeader: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name").default("Idempotency-Key"),
  createDept: CreateCall.optional(),
  updateDept: WriteCall.optional(),
  disableDept: WriteCall.optional(),
  createUser: CreateCall.optional(),
  updateUser: WriteCall.optional(),
  disableUser: WriteCall.optional(),
  deptFields: z.object({ name: FieldName, parentId: FieldName, order: FieldName.optional() }),
  userFields: z.object({
    account: FieldName, name: FieldName, mobile: FieldName.optional(), email: FieldName.optional(),
    employeeNo: FieldName.optional(), position: FieldName.optional(), mainDeptId: FieldName.optional(),
  }),
});
export type HttpWrites = z.infer<typeof HttpWrites>;

export const HttpOaSettings = z.object({
  baseUrl: z.url({ protocol: /^https?$/, message: "an absolute http(s) URL" }),
  auth: HttpAuth.default({ type: "none" }),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  paging: HttpPaging.default({ style: "none" }),
  departments: HttpList(DeptFields),
  users: HttpList(UserFields),
  /** Without it, people cannot bind by OA password (an admin or a binding rule binds them). */
  passwordCheck: PasswordCheck.optional(),
  /** Without it, the OA is read-only for the bridge. */
  writes: HttpWrites.optional(),
});
export type HttpOaSettings = z.infer<typeof HttpOaSettings>;

export const HttpOaSecrets = z.object({
  token: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  headerValue: z.string().min(1).optional(),
});
export type HttpOaSecrets = z.infer<typeof HttpOaSecrets>;

/** Reads a dotted path out of a parsed JSON answer; "" or "$" is the answer itself. */
export function readPath(value: unknown, path: string): unknown {
  const clean = path.replace(/^\$\.?/, "");
  if (clean === "") return value;
  let cur: unknown = value;
  for (const key of clean.split(".")) {
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
