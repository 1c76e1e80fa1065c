import type { Clock } from "../kernel/clock.ts";
import type { Call } from "./caller.ts";
import { WelinkError } from "./errors.ts";
import { fieldsOf, need, num, rawList, str } from "./read.ts";
import type { BatchJob, BatchResult, DeptCreate, DeptFields, DeptRef, UserCreate, UserFields, UserRef, WrittenUser } from "./types.ts";

/** At most 100 items per batch call (§4.C). */
export const MAX_BATCH = 100;

const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);

/** Domain fields → WeLink's body for department create/update (§4.A). */
export function deptBody(f: DeptFields): Record<string, unknown> {
  const parent = f.parent && ("deptCode" in f.parent ? { parentCode: f.parent.deptCode } : { corpParentCode: f.parent.corpDeptCode });
  const managers = f.managers && ("userIds" in f.managers ? { managerId: f.managers.userIds } : { corpManagerId: f.managers.corpUserIds });
  return {
    deptNameCn: f.nameCn,
    deptNameEn: f.nameEn,
    ...parent,
    ...managers,
    orderNo: f.orderNo,
    deptType: f.deptType,
    visibleRange: f.visibleRange,
    createDeptGroup: bit(f.createDeptGroup),
  };
}

/** Domain fields → WeLink's body for user create/update (§4.B). Orders follow the kind of department keys. */
export function userBody(f: UserFields): Record<string, unknown> {
  const corp = f.depts !== undefined && "corpDeptCodes" in f.depts;
  const depts = f.depts && ("corpDeptCodes" in f.depts ? { corpDeptCodes: f.depts.corpDeptCodes, mainCorpDeptCode: f.depts.main } : { deptCodes: f.depts.deptCodes, mainDeptCode: f.depts.main });
  return {
    userNameCn: f.nameCn,
    userNameEn: f.nameEn,
    mobileNumber: f.mobileNumber,
    phoneNumber: f.phoneNumbers,
    sex: f.sex,
    ...depts,
    [corp ? "orderInCorpDepts" : "orderInDepts"]: f.orderInDepts,
    employeeId: f.employeeId,
    landlineNumber: f.landlineNumber,
    userEmail: f.email,
    position: f.position,
    remark: f.remark,
    isNotify: bit(f.notify),
  };
}

export type UserWriteRef = { userId: string } | { corpUserId: string };

export function contactsWriteApi(call: Call, clock: Clock, sleep: (ms: number) => Promise<void>) {
  const post = (path: string, json: unknown) => call({ method: "POST", path, json, auth: "app" });
  const written = async (path: string, json: unknown): Promise<WrittenUser> => {
    const f = fieldsOf(await post(path, json));
    return { userId: need(`POST ${path}`, f, "userId"), corpUserId: str(f.corpUserId) };
  };
  const batch = async (path: string, key: "personInfos" | "deptInfos", items: unknown[]): Promise<BatchJob> => {
    if (items.length === 0 || items.length > MAX_BATCH) {
      throw WelinkError.of("WELINK_INVALID_REQUEST", { variant: "batchSize", max: MAX_BATCH, count: items.length }, { api: `POST ${path}` });
    }
    return { jobId: need(`POST ${path}`, fieldsOf(await post(path, { [key]: items })), "jobId") };
  };

  async function batchResult(jobId: string): Promise<BatchResult> {
    const path = "/api/contact/v1/batch/result";
    const env = await call({ method: "GET", path, query: { jobId }, auth: "app" });
    const status = str(env.status) ?? "";
    const percentage = num(env.percentage);
    const items = rawList(env.data).map((r) => {
      const welinkCode = str(r.code) ?? "";
      return { ok: welinkCode === "0", welinkCode, message: str(r.message), userId: str(r.userId), corpUserId: str(r.corpUserId), deptCode: str(r.deptCode), corpDeptCode: str(r.corpDeptCode) };
    });
    // The status enum is undocumented (§4.C): "1" or 100 % is taken as finished.
    return { jobId, status, done: status === "1" || percentage === 100, type: str(env.type), total: num(env.total), percentage, items };
  }

  return {
    async createDept(d: DeptCreate): Promise<{ deptCode: string }> {
      const path = "/api/contact/v1/department/create";
      return { deptCode: need(`POST ${path}`, fieldsOf(await post(path, { corpDeptCode: d.corpDeptCode, ...deptBody(d) })), "deptCode") };
    },
    async updateDept(ref: DeptRef, f: DeptFields): Promise<void> {
      await post("/api/contact/v1/department/update", { ...ref, ...deptBody(f) });
    },
    async deleteDept(ref: DeptRef): Promise<void> {
      await post("/api/contact/v1/department/delete", { ...ref });
    },
    createUser: (u: UserCreate) => written("/api/contact/v1/user/create", { corpUserId: u.corpUserId, ...userBody(u) }),
    updateUser: (ref: UserWriteRef, f: UserFields) => written("/api/contact/v1/user/update", { ...ref, ...userBody(f) }),
    /** `deleteAccount`: isDeleteUser=1 (its meaning is undocumented; 0, the SDK's sample, closes the account). */
    deleteUser: (ref: UserRef, o: { deleteAccount?: boolean } = {}) => written("/api/contact/v1/user/delete", { ...ref, isDeleteUser: o.deleteAccount ? 1 : 0 }),

    batchCreateUsers: (us: UserCreate[]) => batch("/api/contact/v1/user/batch/create", "personInfos", us.map((u) => ({ corpUserId: u.corpUserId, ...userBody(u) }))),
    batchUpdateUsers: (us: (UserFields & { ref: UserWriteRef })[]) => batch("/api/contact/v1/user/batch/update", "personInfos", us.map((u) => ({ ...u.ref, ...userBody(u) }))),
    batchDeleteUsers: (refs: UserRef[], o: { deleteAccount?: boolean } = {}) => batch("/api/contact/v1/user/batch/delete", "personInfos", refs.map((r) => ({ ...r, isDeleteUser: o.deleteAccount ? 1 : 0 }))),
    batchCreateDepts: (ds: DeptCreate[]) => batch("/api/contact/v1/department/batch/create", "deptInfos", ds.map((d) => ({ corpDeptCode: d.corpDeptCode, ...deptBody(d) }))),
    batchUpdateDepts: (ds: (DeptFields & { ref: DeptRef })[]) => batch("/api/contact/v1/department/batch/update", "deptInfos", ds.map((d) => ({ ...d.ref, ...deptBody(d) }))),
    batchDeleteDepts: (refs: DeptRef[]) => batch("/api/contact/v1/department/batch/delete", "deptInfos", refs.map((r) => ({ ...r }))),
    batchResult,

    /** Polls a batch job until it is done, or throws WELINK_UNAVAILABLE (retryable) after `maxWaitMs`. */
    async awaitBatch(jobId: string, o: { intervalMs?: number; maxWaitMs?: number } = {}): Promise<BatchResult> {
      const deadline = clock.now() + (o.maxWaitMs ?? 120_000);
      for (;;) {
        const result = await batchResult(jobId);
        if (result.done) return result;
        if (clock.now() >= deadline) {
          throw WelinkError.of("WELINK_UNAVAILABLE", { variant: "batchRunning", jobId, percentage: result.percentage ?? "?" }, { api: "GET /api/contact/v1/batch/result" });
        }
        await sleep(o.intervalMs ?? 1000);
      }
    },
  };
}

export type ContactsWriteApi = ReturnType<typeof contactsWriteApi>;
