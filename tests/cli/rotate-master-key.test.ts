import { afterEach, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rotateMasterKeyCommand } from "../../src/cli/rotate-master-key.ts";
import { parseConfig } from "../../src/config.ts";
import { buildDeps } from "../../src/deps.ts";
import { generateKey, keyText } from "../../src/kernel/crypto/master-key.ts";
import { createSecretBox } from "../../src/kernel/crypto/secret-box.ts";
import { SECRET_COLUMNS, secretContext } from "../../src/kernel/db/secrets.ts";
import { createLogger } from "../../src/kernel/log.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";

let h: Harness | undefined;
const PROBE = { table: "probe_secrets", id: "id", column: "secret" };
afterEach(() => {
  // Only the probe: other registered columns (e.g. the OA connection's secrets) stay.
  const i = SECRET_COLUMNS.findIndex((c) => c.table === PROBE.table);
  if (i >= 0) SECRET_COLUMNS.splice(i, 1);
  h?.close();
});

test("rotate-master-key re-seals every registered secret; the old key no longer opens them, the new key file does", async () => {
  h = await startHarness();
  const { client } = h.deps.database;
  await client.execute("CREATE TABLE probe_secrets (id TEXT PRIMARY KEY, tenant_id TEXT, secret TEXT)");
  SECRET_COLUMNS.push(PROBE);
  for (const id of ["a", "b"]) {
    const sealed = await h.deps.box.seal(`secret-${id}`, secretContext("probe_secrets", "secret", id));
    await client.execute({ sql: "INSERT INTO probe_secrets VALUES (?, 'x', ?)", args: [id, sealed] });
  }
  const keyFile = join(h.dir, "master.key");
  const oldKeyText = readFileSync(keyFile, "utf8").trim();

  const out: string[] = [];
  expect(await rotateMasterKeyCommand(h.deps, [], (l) => out.push(l))).toBe(0);
  expect(out.join("\n")).toMatch(/Re-sealed \d+ secret\(s\)/);

  const newKeyText = readFileSync(keyFile, "utf8").trim();
  expect(newKeyText).not.toBe(oldKeyText);
  expect(newKeyText.split("\n")).toHaveLength(1);
  const fresh = await createSecretBox(new Uint8Array(Buffer.from(newKeyText, "base64")));
  const old = await createSecretBox(new Uint8Array(Buffer.from(oldKeyText, "base64")));
  const rows = (await client.execute("SELECT id, secret FROM probe_secrets ORDER BY id")).rows;
  for (const row of rows) {
    const ctx = secretContext("probe_secrets", "secret", String(row.id));
    expect(await fresh.open(String(row.secret), ctx)).toBe(`secret-${row.id}`);
    await expect(old.open(String(row.secret), ctx)).rejects.toThrow();
  }
  // The bridge starts again with the rotated file, and refuses the old key.
  const config = parseConfig({ DATABASE_URL: h.config.databaseUrl, BRIDGE_MASTER_KEY_FILE: keyFile });
  const silent = createLogger("silent");
  (await buildDeps(config, { log: silent })).database.close();
  const oldFile = join(h.dir, "old.key");
  writeFileSync(oldFile, oldKeyText);
  await expect(buildDeps(parseConfig({ DATABASE_URL: h.config.databaseUrl, BRIDGE_MASTER_KEY_FILE: oldFile }), { log: silent })).rejects.toThrow(
    /cannot open the stored secrets/,
  );
});

test("with the key in BRIDGE_MASTER_KEY, rotation prints the new key to set", async () => {
  const given = keyText(generateKey());
  h = await startHarness({ env: { BRIDGE_MASTER_KEY: given } });
  const next = keyText(generateKey());
  const out: string[] = [];
  expect(await rotateMasterKeyCommand(h.deps, ["--new-key", next], (l) => out.push(l))).toBe(0);
  expect(out.join("\n")).toContain(next);
  const config = parseConfig({ DATABASE_URL: h.config.databaseUrl, BRIDGE_MASTER_KEY: next });
  (await buildDeps(config, { log: createLogger("silent") })).database.close();
});
