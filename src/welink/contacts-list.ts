import { type ContactsReadApi, MAX_DEPT_PAGE, MAX_USER_PAGE } from "./contacts-read.ts";
import { pages } from "./paging.ts";
import type { DeptRef, WelinkDept, WelinkUser, WelinkUserSummary } from "./types.ts";

export type ListOptions = { pageSize?: number; maxPages?: number };

/**
 * Whole listings as async iterables of pages, so a caller can stream 100,000 people without
 * holding them all, stop early, or watch progress. Each stops on a short page (paging.ts).
 */
export function contactsListApi(read: ContactsReadApi) {
  const size = (o: ListOptions, max: number) => Math.max(1, Math.min(max, o.pageSize ?? max));
  return {
    /** Departments under `parent` (default: the root "0"), all levels unless `recursive` is false (v1 list). */
    depts(o: ListOptions & { parent?: DeptRef; recursive?: boolean } = {}): AsyncGenerator<WelinkDept[]> {
      const pageSize = size(o, MAX_DEPT_PAGE);
      const parent = o.parent ?? { deptCode: "0" };
      const recursive = o.recursive ?? true;
      return pages((pageNo) => read.deptsPage({ parent, recursive, pageNo, pageSize }), {
        api: "GET /api/contact/v1/department/list",
        pageSize,
        maxPages: o.maxPages,
        idOf: (d) => d.deptCode,
      });
    },

    /** Children of one department through the v2 API (offset = page number, limit ≤ 100). */
    deptsV2(o: ListOptions & { parentCode: string; recursive?: boolean }): AsyncGenerator<WelinkDept[]> {
      const limit = size(o, MAX_DEPT_PAGE);
      return pages((offset) => read.deptsPageV2({ parentCode: o.parentCode, recursive: o.recursive, offset, limit }), {
        api: "GET /api/contact/v2/departments/list",
        pageSize: limit,
        maxPages: o.maxPages,
        idOf: (d) => d.deptCode,
      });
    },

    /** Members of one department (not of its sub-departments), with full detail. */
    users(dept: DeptRef, o: ListOptions = {}): AsyncGenerator<WelinkUser[]> {
      const pageSize = size(o, MAX_USER_PAGE);
      return pages((pageNo) => read.usersPage({ dept, pageNo, pageSize }), {
        api: "GET /api/contact/v1/user/list",
        pageSize,
        maxPages: o.maxPages,
        idOf: (u) => u.userId,
      });
    },

    /** Members of one department, short form. */
    userSummaries(dept: DeptRef, o: ListOptions = {}): AsyncGenerator<WelinkUserSummary[]> {
      const pageSize = size(o, MAX_USER_PAGE);
      return pages((pageNo) => read.userSummariesPage({ dept, pageNo, pageSize }), {
        api: "GET /api/contact/v1/user/simplelist",
        pageSize,
        maxPages: o.maxPages,
        idOf: (u) => u.userId,
      });
    },
  };
}

export type ContactsListApi = ReturnType<typeof contactsListApi>;
