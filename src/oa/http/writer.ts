import type { OaDeptWrite, OaUserWrite, OaWriteCapability, OaWriter } from "../contract.ts";
import { oaErrors } from "../connection/errors.ts";
import type { OaHttp } from "./fetch.ts";
import { type HttpWrites, readPath } from "./settings.ts";

/*
 * The http adapter's writes (WeLink → OA): each endpoint the settings name is a capability; the
 * bridge's key goes in the idempotency header so a repeated call (a resumed run) writes once.
 */

const CAPABILITIES: readonly OaWriteCapability[] = ["createDept", "updateDept", "disableDept", "createUser", "updateUser", "disableUser"];

/** Only the fields the settings map, under the OA's names; undefined values are left out. */
function bodyOf<T extends object>(names: Partial<Record<keyof T, string>>, values: Partial<T>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(names) as [keyof T, string | undefined][]) {
    const v = values[field];
    if (name && v !== undefined) body[name] = v;
  }
  return body;
}

export function createHttpWriter(http: OaHttp, w: HttpWrites): OaWriter {
  const capabilities = new Set(CAPABILITIES.filter((c) => w[c] !== undefined));
  const call = (cap: OaWriteCapability) => {
    const c = w[cap];
    if (!c) throw oaErrors.notSupported({ variant: "write", what: cap });
    return c;
  };
  const send = (cap: OaWriteCapability, key: string, id: string | null, body: unknown) => {
    const c = call(cap);
    const path = id === null ? c.path : c.path.replaceAll("{id}", encodeURIComponent(id));
    return http.writeJson(c.method, path, body, { [w.idempotencyHeader]: key });
  };
  const created = (cap: "createDept" | "createUser", answer: unknown) => {
    const idPath = w[cap]!.idPath;
    const id = readPath(answer, idPath);
    if (typeof id !== "string" && typeof id !== "number") throw oaErrors.badResponse(w[cap]!.path, `no id at "${idPath}" in the answer`);
    return { id: String(id) };
  };
  return {
    capabilities,
    createDept: async (key, d: OaDeptWrite) => created("createDept", await send("createDept", key, null, bodyOf(w.deptFields, d))),
    updateDept: async (key, id, d) => void (await send("updateDept", key, id, bodyOf(w.deptFields, d))),
    disableDept: async (key, id) => void (await send("disableDept", key, id, {})),
    createUser: async (key, u: OaUserWrite) => created("createUser", await send("createUser", key, null, bodyOf(w.userFields, u))),
    updateUser: async (key, id, u) => void (await send("updateUser", key, id, bodyOf(w.userFields, u))),
    disableUser: async (key, id) => void (await send("disableUser", key, id, {})),
  };
}
