/** Row ids: UUIDv7, so they sort by creation time. */
export function newId(): string {
  return Bun.randomUUIDv7();
}

/** URL-safe random text with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}
