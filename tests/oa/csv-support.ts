import type { Harness } from "../helpers/harness.ts";
import { ADMIN_TOKEN } from "../helpers/harness.ts";

export type Summary = {
  id: string;
  kind: string;
  fileName: string;
  encoding: string;
  totalRows: number;
  okRows: number;
  failedRows: number;
  createdDepts: number;
  failures: { line: number; reason: string; reasons: { code: string; params?: Record<string, string | number>; cause?: unknown }[] }[];
};

type UploadOptions = { tenant?: string; token?: string; fileName?: string; contentType?: string; headers?: Record<string, string> };

/** POSTs a file as the raw request body, the way `curl --data-binary @file -H 'Content-Type: text/csv'` does. */
export function upload(h: Harness, kind: "departments" | "users", body: string | Uint8Array | ReadableStream<Uint8Array>, o: UploadOptions = {}) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${o.token ?? ADMIN_TOKEN}`,
    "content-type": o.contentType ?? "text/csv",
    ...o.headers,
  };
  if (o.tenant ?? "default") headers["x-bridge-tenant"] = o.tenant ?? "default";
  const query = o.fileName ? `?fileName=${encodeURIComponent(o.fileName)}` : "";
  const payload = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return Promise.resolve(h.app.request(`/api/v1/oa/csv/${kind}${query}`, { method: "POST", headers, body: payload as BodyInit }));
}

export async function uploadOk(h: Harness, kind: "departments" | "users", body: string | Uint8Array, o: UploadOptions = {}): Promise<Summary> {
  const res = await upload(h, kind, body, o);
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Summary;
}

let gbTable: Map<string, number[]> | undefined;

/**
 * Bun has a GB18030 decoder but no encoder: this one inverts the decoder over GBK's two-byte
 * range (every common Chinese character). Its output is checked against hand-written bytes in
 * the tests, so it cannot quietly agree with a wrong decoder.
 */
export function gb18030(text: string): Uint8Array {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder("gb18030");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`no GBK bytes for '${ch}'`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export const withBom = (text: string) => new TextEncoder().encode(`\uFEFF${text}`);
