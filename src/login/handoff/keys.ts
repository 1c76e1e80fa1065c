import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import { type Ctx, systemCtx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { SECRET_COLUMNS, secretContext } from "../../kernel/db/secrets.ts";
import type { HandoffAlg } from "../../oa/index.ts";
import * as store from "./store.ts";

/**
 * The bridge's handoff signing keys. One installation-wide set (the token's audience names the
 * tenant), per algorithm: the newest unretired key of an algorithm signs; a rotated-out key keeps
 * verifying until `verify_until`, so tokens in flight and key sets cached by OAs stay good.
 */


// The private JWK is sealed with the master key; a master-key rotation re-seals it.
SECRET_COLUMNS.push({ table: "signing_keys", id: "kid", column: "private_jwk" });
const sealContext = (kid: string) => secretContext("signing_keys", "private_jwk", kid);

export type SigningKeyView = {
  kid: string;
  alg: HandoffAlg;
  createdAt: string;
  /** null while the key signs; set when a rotation retired it. */
  verifyUntil: string | null;
  status: "signing" | "verifying" | "expired";
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function viewOf(row: store.SigningKeyRow, now: number): SigningKeyView {
  const status = row.verifyUntil === null ? "signing" : row.verifyUntil > now ? "verifying" : "expired";
  return { kid: row.kid, alg: row.alg, createdAt: iso(row.createdAt)!, verifyUntil: iso(row.verifyUntil), status };
}

/** A fresh key pair as a row; the kid is the public key's RFC 7638 thumbprint (unique, and checkable by anyone). */
async function newKeyRow(deps: Deps, alg: HandoffAlg): Promise<store.SigningKeyRow> {
  // Extractable, or exportJWK cannot write the private key out (TOOLCHAIN.md, pitfall 8).
  const pair = await generateKeyPair(alg, alg === "RS256" ? { extractable: true, modulusLength: 2048 } : { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = JSON.stringify(await exportJWK(pair.privateKey));
  return {
    kid,
    alg,
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg, use: "sig" }),
    privateJwk: await deps.box.seal(privateJwk, sealContext(kid)),
    createdAt: deps.clock.now(),
    verifyUntil: null,
  };
}

/** The signing key of `alg`, created when there is none yet (first handoff, first save of a portal). */
export async function ensureSigningKey(deps: Deps, alg: HandoffAlg): Promise<SigningKeyView> {
  const now = deps.clock.now();
  const existing = (await store.activeKeyRows(deps.db, alg))[0];
  if (existing) return viewOf(existing, now);
  // Generated outside the transaction (an RSA key takes a moment); the insert re-checks inside,
  // so two processes starting together do not both add a first key.
  const row = await newKeyRow(deps, alg);
  return inTransaction(deps.db, async (tx) => {
    const raced = (await store.activeKeyRows(tx, alg))[0];
    if (raced) return viewOf(raced, now);
    await store.insertSigningKey(tx, row);
    return viewOf(row, now);
  });
}

export type RotateInput = { alg?: HandoffAlg; overlapMs: number };

/** A new key of `alg` signs from now; the previous ones verify for `overlapMs` more (0: stop at once, e.g. after a leak). */
export async function rotateSigningKeys(deps: Deps, input: RotateInput, ctx: Ctx = systemCtx()): Promise<{ key: SigningKeyView; retired: number }> {
  const alg = input.alg ?? "ES256";
  const row = await newKeyRow(deps, alg);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    await store.insertSigningKey(tx, row);
    const retired = (await store.retireKeys(tx, alg, row.kid, now + Math.max(0, input.overlapMs))).rowsAffected;
    const key = viewOf(row, now);
    await recordAudit(tx, now, ctx, { action: "handoff.keys.rotate", target: `key:${row.kid}`, after: { ...key, retired, overlapMs: input.overlapMs }, tenantId: null });
    return { key, retired };
  });
}

export async function listSigningKeys(deps: Deps): Promise<SigningKeyView[]> {
  const now = deps.clock.now();
  return (await store.listSigningKeyRows(deps.db)).map((r) => viewOf(r, now));
}

/** The public key set an OA verifies handoffs with: every key still verifying now. */
export async function publicJwks(deps: Deps): Promise<{ keys: JWK[] }> {
  const rows = await store.verifyingKeyRows(deps.db, deps.clock.now());
  return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
}

export type SigningKey = { kid: string; alg: HandoffAlg; privateKey: CryptoKey };

// Opened private keys by kid (a kid is a thumbprint, so one kid is one key pair wherever it is stored).
const opened = new Map<string, Promise<CryptoKey>>();

/** The key that signs handoffs of `alg` now, opened for signing. */
export async function signingKeyFor(deps: Deps, alg: HandoffAlg): Promise<SigningKey> {
  const { kid } = await ensureSigningKey(deps, alg);
  let key = opened.get(kid);
  if (!key) {
    key = openPrivateKey(deps, kid, alg);
    opened.set(kid, key);
    key.catch(() => opened.delete(kid));
  }
  return { kid, alg, privateKey: await key };
}

async function openPrivateKey(deps: Deps, kid: string, alg: HandoffAlg): Promise<CryptoKey> {
  const row = await store.findSigningKey(deps.db, kid);
  if (!row) throw new Error(`signing key ${kid} vanished`);
  const jwk = JSON.parse(await deps.box.open(row.privateJwk, sealContext(kid))) as JWK;
  return (await importJWK(jwk, alg)) as CryptoKey;
}

/** The public key of `kid` if it still verifies now (a retired key past its overlap does not). */
export async function verificationKey(deps: Deps, kid: string): Promise<{ alg: HandoffAlg; key: CryptoKey } | undefined> {
  const row = await store.findSigningKey(deps.db, kid);
  if (!row || (row.verifyUntil !== null && row.verifyUntil <= deps.clock.now())) return undefined;
  return { alg: row.alg, key: (await importJWK(JSON.parse(row.publicJwk) as JWK, row.alg)) as CryptoKey };
}
