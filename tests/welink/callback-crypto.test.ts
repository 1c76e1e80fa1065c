import { describe, expect, test } from "bun:test";
import { decryptCallback, encryptCallback, timestampIsFresh } from "../../src/welink/callback-crypto.ts";

// Huawei's published sample (reference §7.2), decrypted with this secret.
const SECRET = "8cf860c0-30b7-4357-a104-fa627c59085d";
const REQUEST =
  "PGkTPQrrTwlqBEu5pzPyxw==3BWfWmYTj67h5qdD4og6el7GrxaXHqm0gndcv/X8zK6j9ablMO+571LbjQWJJogcIunLPkJf9Yo4iHAP+QIB3KcihrLj3IHrRhbE8KuQvzCPVAo=";
const REPLY = "5wwd5oVCbwgvaGzE2W9vPg==kdG1FYbicMlNY77ALZdBtC1ylS0aF+jzff8iyq2Ro1SJqUQCTAG96hLp+A7OyX/Im8IoFQ1XtfE=";

describe("WeLink callback crypto", () => {
  test("decrypts Huawei's published request vector", () => {
    expect(JSON.parse(decryptCallback(SECRET, REQUEST))).toEqual({ eventType: "corpAuth", tenantId: "tenant", timestamp: 1565167553 });
  });

  test("decrypts Huawei's published reply vector", () => {
    expect(JSON.parse(decryptCallback(SECRET, REPLY))).toEqual({ timestamp: 1565167553, msg: "success" });
  });

  test("encrypting with the vector's IV reproduces the published text exactly", () => {
    const plain = decryptCallback(SECRET, REQUEST);
    expect(encryptCallback(SECRET, plain, Buffer.from(REQUEST.slice(0, 24), "base64"))).toBe(REQUEST);
    const reply = decryptCallback(SECRET, REPLY);
    expect(encryptCallback(SECRET, reply, Buffer.from(REPLY.slice(0, 24), "base64"))).toBe(REPLY);
  });

  test("round-trips with a fresh IV each time", () => {
    const a = encryptCallback("s", "你好 welink");
    expect(a).not.toBe(encryptCallback("s", "你好 welink"));
    expect(decryptCallback("s", a)).toBe("你好 welink");
  });

  test("a wrong secret or a changed byte does not decrypt", () => {
    expect(() => decryptCallback("other-secret", REQUEST)).toThrow(/does not decrypt/);
    const tampered = REQUEST.slice(0, 30) + (REQUEST[30] === "A" ? "B" : "A") + REQUEST.slice(31);
    expect(() => decryptCallback(SECRET, tampered)).toThrow();
    expect(() => decryptCallback(SECRET, "short")).toThrow(/too short/);
  });

  test("timestamps are accepted as numbers or strings within ±30 minutes", () => {
    const now = 1565167553_000;
    expect(timestampIsFresh(1565167553, now)).toBe(true);
    expect(timestampIsFresh("1565167553", now)).toBe(true);
    expect(timestampIsFresh(1565167553 + 29 * 60, now)).toBe(true);
    expect(timestampIsFresh(1565167553 - 31 * 60, now)).toBe(false);
    expect(timestampIsFresh("soon", now)).toBe(false);
    expect(timestampIsFresh(undefined, now)).toBe(false);
  });
});
