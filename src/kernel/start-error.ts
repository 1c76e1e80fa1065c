import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A start-up problem an operator fixes outside the bridge (a file's mode, a folder, a setting):
 * `main` prints its message, one sentence naming the setting and the fix, and exits 1 — a stack
 * trace there only hides the one thing to do.
 */
export class StartError extends Error {
  override name = "StartError";
}

const WHY: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of its path is a file, not a folder",
  ENOSPC: "the disk is full",
};

/** Why a file-system call failed, in words; undefined for errors that are not about files. */
export function fsReason(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? (WHY[code] ?? code) : undefined;
}

const writable = (path: string) => {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks an embedded database file before SQLite opens it: SQLite would fail later with a bare
 * code (CANTOPEN 14, READONLY) that names neither the file nor the setting. WAL keeps two more
 * files beside it, so its folder must be writable too.
 */
export function checkDatabaseFile(file: string): void {
  const setting = `DATABASE_URL (file:${file})`;
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new StartError(`${setting} names a folder, not a database file: point it at a file inside it, e.g. file:${file.replace(/\/+$/, "")}/bridge.db.`);
  }
  if (existsSync(file) && !writable(file)) {
    throw new StartError(`${setting} cannot be written by this user (it is read-only): make the file writable by the user the bridge runs as (chown/chmod), or point DATABASE_URL at a writable copy.`);
  }
  const dir = dirname(file);
  if (!writable(dir)) {
    throw new StartError(`${setting}: its folder ${dir} cannot be written by this user, and SQLite keeps its journal files there: make the folder writable by the user the bridge runs as, or point DATABASE_URL into a writable folder.`);
  }
}

/** A file-system failure while preparing `path` for `setting`, as one sentence with the fix. */
export function startFsError(e: unknown, setting: string, path: string, fix: string): unknown {
  const why = fsReason(e);
  return why ? new StartError(`${setting}: cannot use ${path} (${why}): ${fix}`) : e;
}
