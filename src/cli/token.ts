import { parseArgs } from "node:util";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Scope, SCOPES } from "../kernel/http/env.ts";
import { getTenant, issueToken, listTokens, NewToken, revokeToken } from "../accounts/index.ts";

const cliCtx = async (deps: Deps, slug: string | undefined): Promise<Ctx> => {
  const base: Ctx = { actor: { label: "cli", global: true, tenantId: null }, tenant: null };
  if (!slug) return base;
  const t = await getTenant(deps, base, slug);
  return { ...base, tenant: { id: t.id, slug: t.slug } };
};

/** `30d`, `12h` or an ISO date-time → ISO date-time. */
export function parseExpiry(text: string, now: number): string {
  const m = /^(\d+)([dh])$/.exec(text);
  if (m) return new Date(now + Number(m[1]) * (m[2] === "d" ? 86_400_000 : 3_600_000)).toISOString();
  return text;
}

export const TOKEN_HELP = `token create --name NAME [--scope admin,push,read,oa] [--tenant SLUG] [--expires 30d|ISO-DATE]
  token list [--tenant SLUG]
  token revoke ID [--tenant SLUG]
  (without --tenant: global tokens)`;

/** `welink-bridge token create|list|revoke …`; prints to `out`, returns the exit code. */
export async function tokenCommand(deps: Deps, argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      scope: { type: "string", default: "admin" },
      tenant: { type: "string" },
      expires: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const [action, id] = positionals;
  const ctx = await cliCtx(deps, values.tenant);
  if (action === "create") {
    const input = NewToken.parse({
      name: values.name,
      scopes: values.scope.split(",").map((s) => s.trim()) as Scope[],
      expiresAt: values.expires ? parseExpiry(values.expires, deps.clock.now()) : undefined,
    });
    const { token, view } = await issueToken(deps, ctx, input);
    if (values.json) out(JSON.stringify({ ...view, token }));
    else {
      out(`Created token '${view.name}' (${view.id}) with scopes ${view.scopes.join(", ")}${ctx.tenant ? ` in tenant ${ctx.tenant.slug}` : " (global)"}.`);
      out("It is shown only now; keep it somewhere safe:");
      out(token);
    }
    return 0;
  }
  if (action === "list") {
    const tokens = await listTokens(deps, ctx);
    if (values.json) out(JSON.stringify(tokens));
    else for (const t of tokens) out(`${t.id}  ${t.status.padEnd(7)}  ${t.hint.padEnd(10)}  ${t.scopes.join(",").padEnd(16)}  ${t.name}`);
    return 0;
  }
  if (action === "revoke" && id) {
    const t = await revokeToken(deps, ctx, id);
    out(`Token '${t.name}' (${t.id}) is revoked.`);
    return 0;
  }
  out(`usage: welink-bridge ${TOKEN_HELP}\nscopes: ${SCOPES.join(", ")}`);
  return 2;
}
