import type { Call } from "./caller.ts";
import { toDept, toUser, toUserSummary } from "./contacts-map.ts";
import { WelinkError } from "./errors.ts";
import type { PageOf } from "./paging.ts";
import { fieldsOf, flag, num, rawList, str } from "./read.ts";
import type { DeptRef, UserRef, WelinkDept, WelinkUser, WelinkUserSummary } from "./types.ts";

/** One page as WeLink reported it. `hasMore` is informational only: listings never trust it (paging.ts). */
export type ContactPage<T> = PageOf<T> & { pageNo: number; hasMore?: boolean; total?: number };

/** Published maxima: 50 people per page (§3.6), 100 departments per page (§3.8). */
export const MAX_USER_PAGE = 50;
export const MAX_DEPT_PAGE = 100;
export const MAX_ACCOUNT_LOOKUP = 50;

export type DeptPageQuery = { parent: DeptRef; recursive?: boolean; pageNo: number; pageSize?: number };
export type DeptPageQueryV2 = { parentCode: string; recursive?: boolean; offset: number; limit?: number };
export type UserPageQuery = { dept: DeptRef; pageNo: number; pageSize?: number };

const clamp = (n: number | undefined, max: number) => Math.max(1, Math.min(max, Math.floor(n ?? max)));

export function contactsReadApi(call: Call) {
  const get = (path: string, query: Record<string, string | number | undefined>) => call({ method: "GET", path, query, auth: "app" });

  /** The v1 list shape shared by departments and people: pageNo/pageSize in, `data[]` and hasMore out. */
  async function listPage<T>(path: string, max: number, q: UserPageQuery | DeptPageQuery, ref: DeptRef, map: (api: string, r: Record<string, unknown>) => T, extra = {}) {
    const pageSize = clamp(q.pageSize, max);
    const env = await get(path, { ...ref, ...extra, pageNo: q.pageNo, pageSize });
    const api = `GET ${path}`;
    const page: ContactPage<T> = {
      items: rawList(env.data).map((r) => map(api, r)),
      pageNo: num(env.pageNo) ?? q.pageNo,
      pageSize: num(env.pageSize),
      hasMore: flag(env.hasMore),
    };
    return page;
  }

  return {
    /** GET /api/contact/v1/department/detail (§3.7). */
    async dept(ref: DeptRef): Promise<WelinkDept> {
      const path = "/api/contact/v1/department/detail";
      return toDept(`GET ${path}`, fieldsOf(await get(path, { ...ref })));
    },

    /** One page of a department's children, or of all its descendants (GET /api/contact/v1/department/list, §3.8). */
    deptsPage(q: DeptPageQuery): Promise<ContactPage<WelinkDept>> {
      return listPage("/api/contact/v1/department/list", MAX_DEPT_PAGE, q, q.parent, toDept, { recursiveflag: q.recursive ? 1 : 0 });
    },

    /** One page of GET /api/contact/v2/departments/list: `offset` is the page number, `limit` ≤ 100 (§3.8). */
    async deptsPageV2(q: DeptPageQueryV2): Promise<ContactPage<WelinkDept>> {
      const path = "/api/contact/v2/departments/list";
      const limit = clamp(q.limit, MAX_DEPT_PAGE);
      const env = await get(path, { deptCode: q.parentCode, recursiveflag: q.recursive ? 1 : 0, offset: q.offset, limit });
      const items = rawList(env.departmentInfo).map((r) => toDept(`GET ${path}`, r));
      return { items, pageNo: num(env.offset) ?? q.offset, pageSize: num(env.limit), total: num(env.totalCount) };
    },

    /** One page of a department's members with full detail (GET /api/contact/v1/user/list, §3.6.b). */
    usersPage(q: UserPageQuery): Promise<ContactPage<WelinkUser>> {
      return listPage("/api/contact/v1/user/list", MAX_USER_PAGE, q, q.dept, toUser);
    },

    /** One page of a department's members, short form (GET /api/contact/v1/user/simplelist, §3.6.a). */
    userSummariesPage(q: UserPageQuery): Promise<ContactPage<WelinkUserSummary>> {
      return listPage("/api/contact/v1/user/simplelist", MAX_USER_PAGE, q, q.dept, toUserSummary);
    },

    /** A person by exactly one key (GET /api/contact/v1/users, §3.1; the older, flatter shape). */
    async user(ref: UserRef): Promise<WelinkUser> {
      const path = "/api/contact/v1/users";
      return toUser(`GET ${path}`, fieldsOf(await get(path, { ...ref })));
    },

    /** A person with every field (POST /api/contact/v2/user/detail, §3.2). */
    async userDetail(ref: UserRef): Promise<WelinkUser> {
      const path = "/api/contact/v2/user/detail";
      return toUser(`POST ${path}`, fieldsOf(await call({ method: "POST", path, json: { ...ref }, auth: "app" })));
    },

    /** corpUserId → userId (POST /api/contact/v1/users/accounts), 50 per call (§3.5). Unknown ids are absent. */
    async userIdsByCorpUserIds(corpUserIds: string[]): Promise<Map<string, string>> {
      const path = "/api/contact/v1/users/accounts";
      const out = new Map<string, string>();
      for (let i = 0; i < corpUserIds.length; i += MAX_ACCOUNT_LOOKUP) {
        const chunk = corpUserIds.slice(i, i + MAX_ACCOUNT_LOOKUP);
        const env = await lookupAccounts(call, path, chunk);
        for (const r of rawList(env.userInfo)) {
          const userId = str(r.userId);
          const corpUserId = str(r.corpUserId);
          if (userId && corpUserId) out.set(corpUserId, userId);
        }
      }
      return out;
    },
  };
}

/** 47012 "no data" only says none of these ids exist: for a lookup that is an empty answer. */
async function lookupAccounts(call: Call, path: string, chunk: string[]) {
  try {
    return await call({ method: "POST", path, json: { corpUserId: chunk }, auth: "app" });
  } catch (error) {
    if (error instanceof WelinkError && (error.welinkCode === "47012" || error.welinkCode === "47001")) return {};
    throw error;
  }
}

export type ContactsReadApi = ReturnType<typeof contactsReadApi>;
