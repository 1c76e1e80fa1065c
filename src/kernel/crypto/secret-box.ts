/**
 * AES-256-GCM with the master key, for every secret stored in the database.
 * Sealed text: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url). The key id lets a rotation
 * tell old from new; the additional data binds a ciphertext to the row it belongs to,
 * so a value copied into another row does not decrypt.
 */
export type SecretBox = {
  keyId: string;
  seal(plain: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
  /** The key id a sealed value was written with. */
  keyIdOf(sealed: string): string | undefined;
};

const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));
// A fresh copy typed as backed by an ArrayBuffer, as WebCrypto wants.
const bytes = (b: Uint8Array) => new Uint8Array(b);

export async function keyIdOf(key: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes(key)));
  return Buffer.from(digest.subarray(0, 4)).toString("hex");
}

async function importKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new Error("The master key must be 32 bytes (AES-256).");
  return crypto.subtle.importKey("raw", bytes(raw), "AES-GCM", false, ["encrypt", "decrypt"]);
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** `current` seals; `current` and `previous` open (previous keys are kept during a rotation). */
export async function createSecretBox(current: Uint8Array, previous: Uint8Array[] = []): Promise<SecretBox> {
  const keys = new Map<string, CryptoKey>();
  for (const raw of [current, ...previous]) keys.set(await keyIdOf(raw), await importKey(raw));
  const currentId = await keyIdOf(current);
  const sealKey = keys.get(currentId)!;

  return {
    keyId: currentId,
    async seal(plain, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: enc.encode(context) },
        sealKey,
        enc.encode(plain),
      );
      return `v1.${currentId}.${b64(iv)}.${b64(new Uint8Array(ct))}`;
    },
    async open(sealed, context) {
      const [version, kid, iv, ct] = sealed.split(".");
      if (version !== "v1" || !kid || !iv || !ct) throw new SecretBoxError("Not a sealed secret.");
      const key = keys.get(kid);
      if (!key) {
        throw new SecretBoxError(
          `This secret was sealed with master key ${kid}, which is not configured (current key is ${currentId}).`,
        );
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: unb64(iv), additionalData: enc.encode(context) },
          key,
          unb64(ct),
        );
        return dec.decode(plain);
      } catch {
        throw new SecretBoxError("The secret does not decrypt: it was altered or belongs elsewhere.");
      }
    },
    keyIdOf(sealed) {
      return sealed.split(".")[1];
    },
  };
}

/** Shows that a secret is set without showing it. */
export function mask(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  return value.length <= 8 ? "••••••" : `${value.slice(0, 2)}••••••${value.slice(-2)}`;
}
