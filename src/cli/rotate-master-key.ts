import { parseArgs } from "node:util";
import type { Deps } from "../deps.ts";
import { generateKey, keyText, loadMasterKeys, parseKey, writeKeyFile } from "../kernel/crypto/master-key.ts";
import { createSecretBox } from "../kernel/crypto/secret-box.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { resealAll } from "../kernel/db/secrets.ts";

/**
 * Re-seals every stored secret with a new master key, in one transaction. With a key file the
 * new key is written first next to the old one (both can open), then the secrets move, then
 * the old key is dropped: a crash at any point leaves a file that opens every secret.
 */
export async function rotateMasterKeyCommand(deps: Deps, argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { "new-key": { type: "string" } } });
  const next = values["new-key"] ? parseKey(values["new-key"], "--new-key") : generateKey();
  const source = deps.config.masterKey;
  const current = loadMasterKeys(source, deps.log).current;
  const to = await createSecretBox(next);
  if (source.kind === "file") writeKeyFile(source.path, [next, current]);
  const count = await inTransaction(deps.db, (tx) => resealAll(tx, deps.box, to));
  if (source.kind === "file") {
    writeKeyFile(source.path, [next]);
    out(`Re-sealed ${count} secret(s) with key ${to.keyId}; ${source.path} now holds the new key. Back it up.`);
  } else {
    out(`Re-sealed ${count} secret(s) with key ${to.keyId}.`);
    out("Set BRIDGE_MASTER_KEY to this new key before the next start (the old key no longer opens the secrets):");
    out(keyText(next));
  }
  return 0;
}
