import { type Context, Hono } from "hono";
import { z } from "zod";
import { clearLockouts, mintAuthCode } from "./auth.ts";
import { generateOrg } from "./generate.ts";
import { inspectFaultRoutes, invalid } from "./inspect-faults.ts";
import { inspectOrgRoutes, problem } from "./inspect-org.ts";
import { type App, PERMISSIONS } from "./model.ts";
import { Org } from "./org.ts";
import { registerApp, type Sandbox } from "./sandbox.ts";

/**
 * The inspection API under /_sandbox/ (plain JSON, ordinary HTTP statuses): playing the WeLink
 * console and the phone for tests — state, apps and their grants, free-login codes, the call log,
 * a fresh generated organisation. Users and departments are in inspect-org.ts, faults and
 * settings in inspect-faults.ts; the phone's inbox and app opening are in inspect-phone.ts.
 */

const Visible = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ all: z.literal(false).optional(), deptCodes: z.array(z.string()).default([]), userIds: z.array(z.string()).default([]) }).strict(),
]);
const Permissions = z.array(z.enum(PERMISSIONS));
const NewApp = z.object({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  permissions: Permissions.optional(),
  visible: Visible.optional(),
});
const AppChange = NewApp.omit({ clientId: true });
const CodeRequest = z.object({ clientId: z.string().min(1), userId: z.string().min(1) });
const Generate = z.object({
  seed: z.number().int().default(1),
  users: z.number().int().min(0).max(200_000).default(200),
  depts: z.number().int().min(0).max(20_000).default(30),
});

export const appView = (app: App) => ({ ...app, permissions: [...app.permissions] });
const toVisible = (v: z.infer<typeof Visible>): App["visible"] => (v.all === true ? { all: true } : { all: false, deptCodes: v.deptCodes, userIds: v.userIds });

async function parse<T extends z.ZodType>(c: Context, schema: T): Promise<{ data: z.infer<T> } | { error: Response }> {
  let raw: unknown = {};
  try {
    raw = await c.req.json();
  } catch {
    // An empty body reads as {} so defaults apply.
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { data: parsed.data } : { error: invalid(c, parsed.error) };
}

function state(sb: Sandbox) {
  const now = sb.now();
  let liveTokens = 0;
  for (const t of sb.tokens.values()) if (t.expiresAt > now) liveTokens++;
  return {
    tenantId: sb.settings.tenantId,
    users: sb.org.users.size,
    depts: sb.org.depts.size,
    apps: [...sb.apps.values()].map(appView),
    liveTokens,
    calls: sb.calls.length,
    faults: sb.faults,
    settings: sb.settings,
  };
}

/** Grants and visible range: a change applies to tokens issued afterwards (old tokens keep theirs). */
function appRoutes(sb: Sandbox, app: Hono): void {
  app.get("/_sandbox/apps", (c) => c.json({ apps: [...sb.apps.values()].map(appView) }));
  app.post("/_sandbox/apps", async (c) => {
    const input = await parse(c, NewApp);
    if ("error" in input) return input.error;
    const { visible, ...rest } = input.data;
    if (rest.clientId && sb.apps.has(rest.clientId)) return problem(c, 409, "an app with this clientId exists");
    return c.json(appView(registerApp(sb, { ...rest, ...(visible ? { visible: toVisible(visible) } : {}) })), 201);
  });
  const change = async (c: Context, schema: z.ZodType<z.infer<typeof AppChange>>) => {
    const target = sb.apps.get(c.req.param("clientId") ?? "");
    if (!target) return problem(c, 404, "no such app");
    const input = await parse(c, schema);
    if ("error" in input) return input.error;
    const { permissions, visible, ...rest } = input.data;
    Object.assign(target, rest);
    if (permissions) target.permissions = new Set(permissions);
    if (visible) target.visible = toVisible(visible);
    return c.json(appView(target));
  };
  app.get("/_sandbox/apps/:clientId", (c) => {
    const target = sb.apps.get(c.req.param("clientId"));
    return target ? c.json(appView(target)) : problem(c, 404, "no such app");
  });
  app.patch("/_sandbox/apps/:clientId", (c) => change(c, AppChange));
  app.put("/_sandbox/apps/:clientId/permissions", (c) => change(c, z.object({ permissions: Permissions })));
  app.put("/_sandbox/apps/:clientId/visible", async (c) => {
    const input = await parse(c, Visible);
    if ("error" in input) return input.error;
    const target = sb.apps.get(c.req.param("clientId"));
    if (!target) return problem(c, 404, "no such app");
    target.visible = toVisible(input.data);
    return c.json(appView(target));
  });
}

function calls(sb: Sandbox, c: Context): Response {
  const path = c.req.query("path");
  const clientId = c.req.query("clientId");
  const since = Number(c.req.query("since") ?? 0) || 0;
  const limit = Math.min(50_000, Number(c.req.query("limit") ?? 1000) || 1000);
  const found = sb.calls.filter((e) => e.at >= since && (!path || e.path.startsWith(path)) && (!clientId || e.clientId === clientId));
  return c.json({ total: found.length, calls: found.slice(-limit) });
}

export function inspectRoutes(sb: Sandbox) {
  const app = new Hono();
  app.get("/_sandbox/state", (c) => c.json(state(sb)));
  appRoutes(sb, app);
  app.post("/_sandbox/codes", async (c) => {
    const input = await parse(c, CodeRequest);
    if ("error" in input) return input.error;
    const { clientId, userId } = input.data;
    if (!sb.apps.has(clientId)) return problem(c, 404, "no such app");
    if (!sb.org.users.has(userId)) return problem(c, 404, "no such user");
    return c.json({ code: mintAuthCode(sb, clientId, userId), expiresIn: sb.settings.authCodeTtlSeconds });
  });
  app.get("/_sandbox/calls", (c) => calls(sb, c));
  app.delete("/_sandbox/calls", (c) => c.json({ cleared: sb.calls.splice(0).length }));
  app.delete("/_sandbox/lockouts", (c) => (clearLockouts(sb), c.json({ cleared: true })));
  app.post("/_sandbox/generate", async (c) => {
    const input = await parse(c, Generate);
    if ("error" in input) return input.error;
    sb.org = new Org();
    return c.json(generateOrg(sb.org, input.data));
  });
  app.route("/", inspectOrgRoutes(sb));
  app.route("/", inspectFaultRoutes(sb));
  return app;
}
