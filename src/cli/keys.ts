import { parseArgs } from "node:util";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { listSigningKeys, rotateSigningKeys } from "../login/index.ts";
import { HANDOFF_ALGS, type HandoffAlg } from "../oa/index.ts";

export const KEYS_HELP = `keys rotate [--alg ES256|RS256] [--overlap 24h]
                            a new handoff signing key signs from now; the previous ones keep verifying for
                            the overlap (default HANDOFF_KEY_OVERLAP_HOURS; 0 stops them at once)
  keys list [--json]        the handoff signing keys: kid, algorithm, created, verifying until`;

const CLI_CTX: Ctx = { actor: { label: "cli", global: true, tenantId: null }, tenant: null };

/** `24h`, `90m`, `2d`, `0` → milliseconds; undefined when it is none of these. */
export function parseOverlap(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([dhm]?)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2] === "d" ? 86_400_000 : m[2] === "m" ? 60_000 : 3_600_000;
  return Math.round(Number(m[1]) * unit);
}

const algOf = (text: string | undefined): HandoffAlg | undefined => HANDOFF_ALGS.find((a) => a === text?.toUpperCase());

/** `welink-bridge keys rotate|list …`; prints to `out`, returns the exit code. */
export async function keysCommand(deps: Deps, argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { alg: { type: "string", default: "ES256" }, overlap: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const [action] = positionals;
  if (action === "rotate") {
    const alg = algOf(values.alg);
    const overlapMs = values.overlap === undefined ? deps.config.handoffKeyOverlapHours * 3_600_000 : parseOverlap(values.overlap);
    if (!alg || overlapMs === undefined) {
      out(`usage: welink-bridge ${KEYS_HELP}\n--alg is ES256 or RS256; --overlap is like 24h, 90m, 2d or 0`);
      return 2;
    }
    const { key, retired } = await rotateSigningKeys(deps, { alg, overlapMs }, CLI_CTX);
    if (values.json) out(JSON.stringify({ ...key, retired }));
    else {
      out(`New ${alg} signing key ${key.kid} signs handoffs from now.`);
      const until = new Date(deps.clock.now() + overlapMs).toISOString();
      out(retired ? `${retired} previous ${alg} key(s) keep verifying until ${until}.` : `There was no previous ${alg} key.`);
    }
    return 0;
  }
  if (action === "list") {
    const keys = await listSigningKeys(deps);
    if (values.json) out(JSON.stringify(keys));
    else if (keys.length === 0) out("No signing keys yet: the first handoff (or `keys rotate`) creates one.");
    else for (const k of keys) out(`${k.kid}  ${k.alg}  created ${k.createdAt}  ${k.status === "signing" ? "signing" : `${k.status} until ${k.verifyUntil}`}`);
    return 0;
  }
  out(`usage: welink-bridge ${KEYS_HELP}`);
  return 2;
}
