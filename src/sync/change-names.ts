import type { Conn } from "../kernel/db/client.ts";
import type { ChangeView } from "./run-view.ts";
import * as store from "./store.ts";

/** What a change log needs to name objects: department paths and people's names, from the mirror. */
export type ChangeNames = {
  /** "总部 / 研发部 / 前端组"; null for a code the mirror does not have (any more). */
  deptPath(code: string): string | null;
  /** A person's name and main department, as the mirror has them now. */
  person(userId: string): { name: string; dept: string | null } | undefined;
};

/** Deepest path followed: a loop in the parent links (a bad mirror) must not hang a page. */
const MAX_DEPTH = 50;

export async function nameBook(db: Conn, corpId: string, changes: ChangeView[]): Promise<ChangeNames> {
  const depts = new Map((await store.deptNames(db, corpId)).map((d) => [d.code, d]));
  const ids = changes.filter((c) => c.object === "user").map((c) => c.objectId);
  const people = new Map((await store.userNames(db, corpId, [...new Set(ids)])).map((u) => [u.id, u]));
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
