import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../../deps.ts";
import { SecretBoxError } from "../../kernel/crypto/secret-box.ts";

/*
 * Short-lived browser state of the entry flow (OAuth2 state, the pending binding) travels in
 * cookies sealed with the master key (AES-GCM): the browser can carry them but neither read nor
 * forge them, and the purpose and app key are the additional data, so one cookie cannot stand in
 * for another or for another app's.
 */

type Sealed<T> = { v: T; exp: number };

export async function sealJson<T>(deps: Deps, purpose: string, value: T, ttlMs: number): Promise<string> {
  const body: Sealed<T> = { v: value, exp: deps.clock.now() + ttlMs };
  return deps.box.seal(JSON.stringify(body), `login.${purpose}`);
}

/** The value, or undefined when missing, forged, for another purpose, or expired. */
export async function openJson<T>(deps: Deps, purpose: string, sealed: string | undefined): Promise<T | undefined> {
  if (!sealed || sealed.length > 4096) return undefined;
  try {
    const body = JSON.parse(await deps.box.open(sealed, `login.${purpose}`)) as Sealed<T>;
    return typeof body.exp === "number" && body.exp > deps.clock.now() ? body.v : undefined;
  } catch (e) {
    if (e instanceof SecretBoxError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Compares secrets without telling by timing how much of them matched. */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Entry cookies live under the app's own homepage path, HttpOnly, SameSite=Lax, Secure over https. */
const options = (deps: Deps, appKey: string, maxAge?: number) => ({
  path: `/h/${appKey}`,
  httpOnly: true,
  sameSite: "Lax" as const,
  secure: deps.config.publicUrl.startsWith("https:"),
  ...(maxAge === undefined ? {} : { maxAge }),
});

export const putCookie = (c: Context, deps: Deps, appKey: string, name: string, value: string, ttlMs: number) =>
  setCookie(c, name, value, options(deps, appKey, Math.ceil(ttlMs / 1000)));
export const readCookie = (c: Context, name: string) => getCookie(c, name);
export const dropCookie = (c: Context, deps: Deps, appKey: string, name: string) => deleteCookie(c, name, options(deps, appKey));
