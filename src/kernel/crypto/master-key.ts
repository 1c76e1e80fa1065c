import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Config } from "../../config.ts";
import type { Logger } from "../log.ts";
import { startFsError } from "../start-error.ts";

export type MasterKeys = { current: Uint8Array; previous: Uint8Array[] };

export class MasterKeyError extends Error {
  override name = "MasterKeyError";
}

/** Accepts 32 bytes written as base64 / base64url (43–44 characters) or hex (64 characters). */
export function parseKey(text: string, where: string): Uint8Array {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (bytes.length !== 32) {
    throw new MasterKeyError(`${where}: a master key is 32 random bytes, as base64 or 64 hex characters.`);
  }
  return new Uint8Array(bytes);
}

export function generateKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export const keyText = (key: Uint8Array) => Buffer.from(key).toString("base64");

/** A key file holds one key per line: the first seals, the others only open (kept during a rotation). */
function readKeyFile(path: string): MasterKeys {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const [first, ...rest] = lines;
  if (!first) throw new MasterKeyError(`BRIDGE_MASTER_KEY_FILE ${path} holds no key.`);
  return { current: parseKey(first, path), previous: rest.map((l) => parseKey(l, path)) };
}

/** Writes a key file atomically with mode 0600. */
export function writeKeyFile(path: string, keys: Uint8Array[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${keys.map(keyText).join("\n")}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Loads the master key; with no key configured, generates a key file beside the database once. */
export function loadMasterKeys(source: Config["masterKey"], log: Logger): MasterKeys {
  if (source.kind === "value") return { current: parseKey(source.value, "BRIDGE_MASTER_KEY"), previous: [] };
  const setting = source.generateIfMissing ? "The master key file beside DATABASE_URL's database" : "BRIDGE_MASTER_KEY_FILE";
  try {
    return loadKeyFile(source, log);
  } catch (e) {
    const fix = source.generateIfMissing
      ? "make the data folder and the file readable and writable by the user the bridge runs as, or set BRIDGE_MASTER_KEY / BRIDGE_MASTER_KEY_FILE."
      : "make the file readable by the user the bridge runs as, or set BRIDGE_MASTER_KEY_FILE to a key file it can read.";
    throw startFsError(e, setting, source.path, fix);
  }
}

function loadKeyFile(source: Extract<Config["masterKey"], { kind: "file" }>, log: Logger): MasterKeys {
  if (existsSync(source.path)) return readKeyFile(source.path);
  if (!source.generateIfMissing) {
    throw new MasterKeyError(`BRIDGE_MASTER_KEY_FILE: ${source.path} does not exist.`);
  }
  const key = generateKey();
  writeKeyFile(source.path, [key]);
  log.warn("No master key was configured, so one was generated. Back it up: without it the stored secrets cannot be read.", {
    keyFile: source.path,
  });
  return { current: key, previous: [] };
}
