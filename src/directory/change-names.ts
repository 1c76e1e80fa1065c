import { and, eq, inArray } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { welinkDepts, welinkUsers } from "./schema.ts";

/** What a change needs to name objects: department paths and people's names, from the mirror. */
export type ChangeNames = {
  /** "总部 / 研发部 / 前端组"; null for a code the mirror does not have (any more). */
  deptPath(code: string): string | null;
  /** A person's name and main department, as the mirror has them now. */
  person(userId: string): { name: string; dept: string | null } | undefined;
};

/** Deepest path followed: a loop in the parent links (a bad mirror) must not hang a page. */
const MAX_DEPTH = 50;

const deptNames = (db: Conn, corpId: string) =>
  db.select({ code: welinkDepts.deptCode, name: welinkDepts.nameCn, parent: welinkDepts.parentCode }).from(welinkDepts).where(eq(welinkDepts.corpId, corpId));
const userNames = (db: Conn, corpId: string, userIds: string[]) =>
  userIds.length === 0 ? Promise.resolve([]) :
    db.select({ id: welinkUsers.userId, name: welinkUsers.nameCn, dept: welinkUsers.mainDeptCode }).from(welinkUsers)
      .where(and(eq(welinkUsers.corpId, corpId), inArray(welinkUsers.userId, userIds)));

/** The corp's department paths, and the names of the people given (the objects of a change log). */
export async function nameBook(db: Conn, corpId: string, userIds: string[]): Promise<ChangeNames> {
  const depts = new Map((await deptNames(db, corpId)).map((d) => [d.code, d]));
  const people = new Map((await userNames(db, corpId, [...new Set(userIds)])).map((u) => [u.id, u]));
  const paths = new Map<string, string | null>();
  const deptPath = (code: string): string | null => {
    if (paths.has(code)) return paths.get(code)!;
    const names: string[] = [];
    for (let c: string | undefined = code, n = 0; c && c !== "0" && n < MAX_DEPTH; n++) {
      const d = depts.get(c);
      if (!d) break;
      names.unshift(d.name);
      c = d.parent;
    }
    const path = names.length > 0 ? names.join(" / ") : null;
    paths.set(code, path);
    return path;
  };
  return { deptPath, person: (id) => people.get(id) };
}
