import type { OaDept } from "../contract.ts";
import { reason, type RowReason } from "./reasons.ts";

/**
 * Department ids in a CSV directory. Spreadsheet exports carry no department ids, only names,
 * so a department's id is its full path, normalised: each level trimmed, runs of spaces
 * (full-width too) collapsed to one, levels joined with `>>`. So `公司 >> 研发部` and
 * `公司>>研发部` are one department, and a renamed or moved department is a new one (its
 * people move when their rows name the new path).
 */
export const SEPARATOR = ">>";
/** WeLink refuses longer department names. */
const MAX_NAME = 128;

export type PathCheck = { levels: string[] } | { reason: RowReason };

const normaliseLevel = (level: string) => level.normalize("NFC").replace(/\s+/g, " ").trim();

export function parsePath(text: string): PathCheck {
  const raw = text.trim();
  if (!raw) return { reason: reason("row.pathEmpty") };
  const levels = raw.split(SEPARATOR).map(normaliseLevel);
  if (levels.some((l) => l === "")) return { reason: reason("row.pathLevel", { value: raw }) };
  const long = levels.find((l) => l.length > MAX_NAME);
  if (long) return { reason: reason("row.nameLong", { max: MAX_NAME, value: `${long.slice(0, 20)}…` }) };
  return { levels };
}

export const deptId = (levels: string[]) => levels.join(SEPARATOR);

/** The department a path names, its parent being the path one level up. */
export function deptOf(levels: string[], order = 0): OaDept {
  return {
    id: deptId(levels),
    parentId: levels.length > 1 ? deptId(levels.slice(0, -1)) : null,
    name: levels[levels.length - 1]!,
    order,
  };
}

/**
 * The departments the import knows (the tenant's directory, then what the file adds), and the
 * ones it must still write. Holds ids only: the directory's size, never the file's.
 */
export class DeptBook {
  private readonly known: Set<string>;
  private staged: OaDept[] = [];
  created = 0;

  constructor(existingIds: Iterable<string>) {
    this.known = new Set(existingIds);
  }

  has(id: string): boolean {
    return this.known.has(id);
  }

  /** Stages every missing department on the path (公司, 公司>>研发部, …); returns the leaf's id. */
  ensure(levels: string[]): string {
    for (let depth = 1; depth <= levels.length; depth++) {
      const dept = deptOf(levels.slice(0, depth));
      if (this.known.has(dept.id)) continue;
      this.known.add(dept.id);
      this.staged.push(dept);
      this.created++;
    }
    return deptId(levels);
  }

  /** Stages a department given explicitly (its order may change an existing one). */
  put(dept: OaDept): void {
    if (!this.known.has(dept.id)) this.created++;
    this.known.add(dept.id);
    this.staged.push(dept);
  }

  get pending(): number {
    return this.staged.length;
  }

  take(): OaDept[] {
    const out = this.staged;
    this.staged = [];
    return out;
  }
}
