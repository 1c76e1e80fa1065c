/**
 * The write-back part of the http form (WeLink → OA): the idempotency header, one endpoint per
 * write (method, path, and for creates where the new id sits in the answer), and the body field
 * names. Flat inputs named by their settings path, like the rest of the form. Pure.
 */
export const WRITE_CALLS = ["createDept", "updateDept", "disableDept", "createUser", "updateUser", "disableUser"] as const;
export const WRITE_METHODS = ["POST", "PATCH"] as const;
const CREATES = new Set<string>(["createDept", "createUser"]);
export const WRITE_DEPT_FIELDS = ["name", "parentId", "order"] as const;
export const WRITE_USER_FIELDS = ["account", "name", "mobile", "email", "employeeNo", "position", "mainDeptId"] as const;
const REQUIRED = new Set(["name", "parentId", "account"]);

/** The inputs of one write endpoint. */
export const callInputs = (call: string) => [`writes.${call}.method`, `writes.${call}.path`, ...(CREATES.has(call) ? [`writes.${call}.idPath`] : [])];

export const WRITE_FIELDS = [
  "writes.idempotencyHeader",
  ...WRITE_CALLS.flatMap(callInputs),
  ...WRITE_DEPT_FIELDS.map((f) => `writes.deptFields.${f}`),
  ...WRITE_USER_FIELDS.map((f) => `writes.userFields.${f}`),
];

type Read = (name: string) => string;
const optional = (v: string) => (v === "" ? undefined : v);

function names(read: Read, group: string, fields: readonly string[]) {
  return Object.fromEntries(fields.map((f) => [f, REQUIRED.has(f) ? read(`writes.${group}.${f}`) : optional(read(`writes.${group}.${f}`))]));
}

/** The `writes` settings the form describes, or undefined when no endpoint has a path (the OA stays read-only). */
export function writesOf(read: Read): Record<string, unknown> | undefined {
  const calls = WRITE_CALLS.filter((c) => read(`writes.${c}.path`) !== "");
  if (calls.length === 0) return undefined;
  const out: Record<string, unknown> = {
    idempotencyHeader: optional(read("writes.idempotencyHeader")),
    deptFields: names(read, "deptFields", WRITE_DEPT_FIELDS),
    userFields: names(read, "userFields", WRITE_USER_FIELDS),
  };
  for (const c of calls) {
    out[c] = { method: optional(read(`writes.${c}.method`)), path: read(`writes.${c}.path`), ...(CREATES.has(c) && { idPath: read(`writes.${c}.idPath`) }) };
  }
  return out;
}
