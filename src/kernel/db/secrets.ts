import { eq, sql } from "drizzle-orm";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Conn, Db } from "./client.ts";
import { bridgeMeta } from "./schema.ts";

/**
 * Every column that holds a sealed secret. A feature that stores a secret adds its column here,
 * so that a master-key rotation re-seals it; the seal context is `table.column:id`.
 */
export const SECRET_COLUMNS: { table: string; id: string; column: string }[] = [];

export const secretContext = (table: string, column: string, id: string) => `${table}.${column}:${id}`;

const CHECK_KEY = "master_key_check";
const CHECK_PLAIN = "welink-bridge master key check";

export class WrongMasterKeyError extends Error {
  override name = "WrongMasterKeyError";
}

/**
 * Proves at start that the configured master key is the one the stored secrets were sealed with
 * (a wrong key would otherwise show up later, as every secret failing to open).
 */
export async function checkMasterKey(db: Db, box: SecretBox): Promise<void> {
  const row = (await db.select().from(bridgeMeta).where(eq(bridgeMeta.key, CHECK_KEY)))[0];
  if (!row) {
    const value = await box.seal(CHECK_PLAIN, CHECK_KEY);
    await db.insert(bridgeMeta).values({ key: CHECK_KEY, value }).onConflictDoNothing();
    return;
  }
  try {
    await box.open(row.value, CHECK_KEY);
  } catch (e) {
    throw new WrongMasterKeyError(
      `The configured master key cannot open the stored secrets (${(e as Error).message}). ` +
        "Set BRIDGE_MASTER_KEY or BRIDGE_MASTER_KEY_FILE to the key this database was created with.",
    );
  }
}

/** Re-seals every stored secret (and the key check) with `to`; returns how many values moved. */
export async function resealAll(tx: Conn, from: SecretBox, to: SecretBox): Promise<number> {
  let count = 0;
  for (const { table, id, column } of SECRET_COLUMNS) {
    const rows = await tx.all<{ id: string; value: string | null }>(
      sql`SELECT ${sql.identifier(id)} AS id, ${sql.identifier(column)} AS value FROM ${sql.identifier(table)}`,
    );
    for (const row of rows) {
      if (row.value === null) continue;
      const context = secretContext(table, column, row.id);
      const resealed = await to.seal(await from.open(row.value, context), context);
      await tx.run(
        sql`UPDATE ${sql.identifier(table)} SET ${sql.identifier(column)} = ${resealed} WHERE ${sql.identifier(id)} = ${row.id}`,
      );
      count++;
    }
  }
  const check = await to.seal(CHECK_PLAIN, CHECK_KEY);
  await tx
    .insert(bridgeMeta)
    .values({ key: CHECK_KEY, value: check })
    .onConflictDoUpdate({ target: bridgeMeta.key, set: { value: check } });
  return count;
}
