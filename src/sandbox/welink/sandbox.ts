import { randomBytes } from "node:crypto";
import { type App, type CallLogEntry, DEFAULT_SETTINGS, type Faults, noFaults, type Permission, PERMISSIONS, type SandboxSettings, type Token, type VisibleRange } from "./model.ts";
import { Org } from "./org.ts";

/** One emulated WeLink tenant: its organisation, apps, tokens, faults and the log of calls. */
export type Sandbox = {
  settings: SandboxSettings;
  org: Org;
  apps: Map<string, App>;
  tokens: Map<string, Token>;
  faults: Faults;
  calls: CallLogEntry[];
  now: () => number;
  /** State of the feature modules (auth codes, todos, messages, jobs…), one slot each. */
  slots: Map<string, unknown>;
};

export type SandboxOptions = { settings?: Partial<SandboxSettings>; now?: () => number };

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return {
    settings: { ...DEFAULT_SETTINGS, ...options.settings, rateLimits: { ...DEFAULT_SETTINGS.rateLimits, ...options.settings?.rateLimits } },
    org: new Org(),
    apps: new Map(),
    tokens: new Map(),
    faults: noFaults(),
    calls: [],
    now: options.now ?? Date.now,
    slots: new Map(),
  };
}

/** A module's own state, created on first use (keeps feature state out of the core model). */
export function slot<T>(sb: Sandbox, name: string, init: () => T): T {
  let value = sb.slots.get(name) as T | undefined;
  if (value === undefined) sb.slots.set(name, (value = init()));
  return value;
}

export const randomText = (bytes = 24) => randomBytes(bytes).toString("base64url");

/** Registers an app; by default with every permission and visible to everyone (as `--app` does). */
export function registerApp(
  sb: Sandbox,
  input: { clientId?: string; clientSecret?: string; name?: string; permissions?: Permission[]; visible?: VisibleRange } = {},
): App {
  const app: App = {
    clientId: input.clientId ?? `app${randomText(6).replace(/[-_]/g, "x")}`,
    clientSecret: input.clientSecret ?? randomText(24),
    name: input.name ?? "Sandbox app",
    permissions: new Set(input.permissions ?? PERMISSIONS),
    visible: input.visible ?? { all: true },
  };
  sb.apps.set(app.clientId, app);
  return app;
}

/** Whether `userId` lies in the app's visible range (departments include their sub-departments). */
export function isVisibleTo(sb: Sandbox, app: App, userId: string): boolean {
  if (app.visible.all) return true;
  if (app.visible.userIds.includes(userId)) return true;
  const user = sb.org.users.get(userId);
  if (!user) return false;
  const { deptCodes } = app.visible;
  return user.deptCodes.some((code) => deptCodes.some((root) => sb.org.isWithin(code, root)));
}

/** Whether a department lies in the app's visible range. */
export function isDeptVisibleTo(sb: Sandbox, app: App, deptCode: string): boolean {
  if (app.visible.all) return true;
  const { deptCodes } = app.visible;
  return deptCodes.some((root) => sb.org.isWithin(deptCode, root) || sb.org.isWithin(root, deptCode));
}
