import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * WeLink event-callback crypto (reference §7.2, verified against Huawei's published sample):
 * AES-128-GCM with a 16-byte IV and 16-byte tag; key = first 16 bytes of SHA1(SHA1(secret));
 * wire text = base64(IV) (exactly 24 characters) followed by base64(ciphertext ‖ tag).
 */
export function callbackKey(clientSecret: string): Buffer {
  const once = createHash("sha1").update(clientSecret, "utf8").digest();
  return createHash("sha1").update(once).digest().subarray(0, 16);
}

export class CallbackCryptoError extends Error {
  override name = "CallbackCryptoError";
}

export function encryptCallback(clientSecret: string, plain: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv("aes-128-gcm", callbackKey(clientSecret), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return iv.toString("base64") + ct.toString("base64");
}

export function decryptCallback(clientSecret: string, wire: string): string {
  if (wire.length <= 24) throw new CallbackCryptoError("The encrypted text is too short.");
  const iv = Buffer.from(wire.slice(0, 24), "base64");
  const data = Buffer.from(wire.slice(24), "base64");
  if (iv.length !== 16 || data.length < 17) throw new CallbackCryptoError("The encrypted text is malformed.");
  try {
    const decipher = createDecipheriv("aes-128-gcm", callbackKey(clientSecret), iv);
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new CallbackCryptoError("The encrypted text does not decrypt with this app's secret.");
  }
}

/**
 * What identifies one sealed callback for the replay guard: sha256 of its decoded bytes. The
 * base64 text itself is not used, because the same bytes have several spellings (unused low
 * bits, padding) and a replay could change them and still decrypt.
 */
export function callbackDigest(wire: string): string {
  const bytes = Buffer.concat([Buffer.from(wire.slice(0, 24), "base64"), Buffer.from(wire.slice(24), "base64")]);
  return createHash("sha256").update(bytes).digest("hex");
}

/** WeLink rejects callbacks (and replies) whose timestamp is more than 30 minutes off (§7.3). */
export const CALLBACK_MAX_SKEW_SECONDS = 30 * 60;

/** A callback timestamp (Unix seconds, as a number or a string) within ±30 min of `nowMs`. */
export function timestampIsFresh(timestamp: unknown, nowMs: number): boolean {
  const seconds = typeof timestamp === "number" ? timestamp : typeof timestamp === "string" && /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  return Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= CALLBACK_MAX_SKEW_SECONDS;
}
