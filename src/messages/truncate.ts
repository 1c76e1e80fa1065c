/** Byte limits of WeLink message fields (§6): UTF-8 bytes, not characters. */
export const LIMITS = { title: 128, content: 512, owner: 18 } as const;
export const ELLIPSIS = "…";

const encoder = new TextEncoder();
export const utf8Length = (s: string): number => encoder.encode(s).length;

/** The longest prefix of `s` within `maxBytes` UTF-8 bytes, never splitting a character (code point). */
export function cutUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    end += ch.length;
  }
  return s.slice(0, end);
}

/**
 * `s` unchanged when it fits, else cut so that it plus "…" fits in `maxBytes` (the message's
 * link leads to the full text). Reports whether it was cut.
 */
export function fitUtf8(s: string, maxBytes: number): { text: string; cut: boolean } {
  if (utf8Length(s) <= maxBytes) return { text: s, cut: false };
  const room = maxBytes - utf8Length(ELLIPSIS);
  if (room <= 0) return { text: cutUtf8(s, maxBytes), cut: true };
  return { text: cutUtf8(s, room) + ELLIPSIS, cut: true };
}
