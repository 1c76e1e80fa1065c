import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import type { Deps } from "../deps.ts";

/**
 * A consistent copy of the database while the bridge keeps serving: VACUUM INTO reads one
 * snapshot (WAL lets writers go on) and writes a compact, standalone SQLite file.
 */
export async function backupCommand(deps: Deps, target: string | undefined, out: (line: string) => void): Promise<number> {
  if (!target) {
    out("usage: welink-bridge backup FILE");
    return 2;
  }
  if (!deps.config.databaseFile) {
    out("backup works on an embedded database; for a libSQL server use the server's own backups.");
    return 1;
  }
  const file = resolve(target);
  if (existsSync(file)) {
    out(`${file} already exists; choose a new file name (a backup never overwrites).`);
    return 1;
  }
  const started = performance.now();
  await deps.db.run(sql`VACUUM INTO ${file}`);
  out(`Backed up ${deps.config.databaseFile} to ${file} in ${Math.round(performance.now() - started)} ms.`);
  return 0;
}
