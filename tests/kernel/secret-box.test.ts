import { describe, expect, test } from "bun:test";
import { createSecretBox, mask } from "../../src/kernel/crypto/secret-box.ts";
import { generateKey } from "../../src/kernel/crypto/master-key.ts";

describe("secret box", () => {
  test("seals with AES-GCM: round-trips, never shows the plain text, differs each time", async () => {
    const box = await createSecretBox(generateKey());
    const a = await box.seal("client-secret-123", "apps.secret:1");
    const b = await box.seal("client-secret-123", "apps.secret:1");
    expect(a).not.toContain("client-secret-123");
    expect(a).not.toBe(b);
    expect(a.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(await box.open(a, "apps.secret:1")).toBe("client-secret-123");
  });

  test("a sealed value opens only in its own row (context) and only untampered", async () => {
    const box = await createSecretBox(generateKey());
    const sealed = await box.seal("s3cret", "apps.secret:1");
    await expect(box.open(sealed, "apps.secret:2")).rejects.toThrow(/does not decrypt/);
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0]! ^= 1;
    await expect(box.open([...parts.slice(0, 3), ct.toString("base64url")].join("."), "apps.secret:1")).rejects.toThrow();
  });

  test("a key that was not configured cannot open, and says which key it needs", async () => {
    const old = await createSecretBox(generateKey());
    const sealed = await old.seal("x", "c");
    const other = await createSecretBox(generateKey());
    await expect(other.open(sealed, "c")).rejects.toThrow(old.keyId);
  });

  test("previous keys open, the current key seals", async () => {
    const oldKey = generateKey();
    const old = await createSecretBox(oldKey);
    const sealed = await old.seal("x", "c");
    const rotated = await createSecretBox(generateKey(), [oldKey]);
    expect(await rotated.open(sealed, "c")).toBe("x");
    expect(rotated.keyIdOf(await rotated.seal("x", "c"))).toBe(rotated.keyId);
  });

  test("mask shows that a secret is set without showing it", () => {
    expect(mask("abcdefghijkl")).toBe("ab••••••kl");
    expect(mask("short")).toBe("••••••");
    expect(mask("")).toBeNull();
  });
});
