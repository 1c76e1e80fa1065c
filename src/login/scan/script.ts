import type { Context } from "hono";
import { SCAN_SCRIPT } from "./script-source.ts";

/**
 * GET /scan/login.js: the script an OA login page embeds to show the scan-login QR code.
 * Cached briefly (five minutes) so a fix reaches every login page the same day.
 */
export function serveScanScript(c: Context): Response {
  return c.body(SCAN_SCRIPT, 200, {
    "Content-Type": "application/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
    // Any OA origin may load it; the ticket API decides which origins may use it.
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
}
