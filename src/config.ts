import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { isIP } from "node:net";

/**
 * Which hops in front of the bridge are its own proxies (TRUST_PROXY): none, the nearest `hops`,
 * or those whose address is in `networks` (CIDRs; the names loopback, private, linklocal).
 */
export type ProxyTrust = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "networks"; networks: string[] };

export const PROXY_NETWORK_NAMES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
};

/** Why `entry` is not a network TRUST_PROXY can name, or undefined when it is one. */
export function proxyNetworkProblem(entry: string): string | undefined {
  if (PROXY_NETWORK_NAMES[entry]) return undefined;
  const [addr = "", bits, extra] = entry.split("/");
  const family = isIP(addr);
  if (!family || extra !== undefined) return `"${entry}" is not an address, a CIDR (10.0.0.0/8) or one of ${Object.keys(PROXY_NETWORK_NAMES).join(", ")}`;
  const max = family === 4 ? 32 : 128;
  if (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max)) return `"${entry}": the prefix must be 0–${max}`;
  return undefined;
}

const LogLevel = z.enum(["debug", "info", "warn", "error", "silent"]);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const Port = z.coerce.number().int().min(0).max(65535);

/** Every setting of the bridge, as read from the environment (and `.env`). */
const RawConfig = z.object({
  PORT: Port.default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("file:./data/bridge.db")
    .refine((v) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(v), {
      message: "must start with file:, libsql://, http(s):// or ws(s)://",
    }),
  DATABASE_AUTH_TOKEN: optionalText,
  BRIDGE_PUBLIC_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
  ),
  BRIDGE_MASTER_KEY: optionalText,
  BRIDGE_MASTER_KEY_FILE: optionalText,
  BRIDGE_ADMIN_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 24, {
    message: "must be at least 24 characters",
  }),
  BRIDGE_ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 10, {
    message: "must be at least 10 characters",
  }),
  LOG_LEVEL: z
    .string()
    .default("info")
    .transform((v) => v.toLowerCase())
    .pipe(LogLevel),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  MAX_PUBLIC_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024),
  BRIDGE_TIMEZONE: z
    .string()
    .default("Asia/Shanghai")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone, e.g. Asia/Shanghai"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WELINK_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://open.welink.huaweicloud.com"),
  WELINK_LOGIN_URL: z.url({ protocol: /^https?$/ }).default("https://login.welink.huaweicloud.com"),
  WELINK_JSAPI_URL: z.url({ protocol: /^https?$/ }).default("https://open.welink.huaweicloud.com/wecode/docs/jsapi/2.0.1/hwh5-cloudonline.js"),
  HANDOFF_KEY_OVERLAP_HOURS: z.coerce.number().min(0).max(24 * 365).default(24),
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v, ctx): ProxyTrust => {
      const value = v.trim().toLowerCase();
      if (value === "" || value === "false" || value === "0") return { kind: "none" };
      if (value === "true") return { kind: "hops", hops: 1 };
      if (/^\d+$/.test(value)) return { kind: "hops", hops: Math.min(Number(value), 32) };
      const networks = value.split(",").map((s) => s.trim()).filter(Boolean);
      for (const n of networks) {
        const problem = proxyNetworkProblem(n);
        if (problem) ctx.addIssue({ code: "custom", message: `${problem}; use true, a hop count, or your proxies' addresses / CIDRs` });
      }
      return { kind: "networks", networks };
    }),
  OUTBOUND_ALLOW: z.string().default(""),
  OUTBOUND_ALLOW_PRIVATE: z
    .enum(["true", "false", "1", "0", ""])
    .default("true")
    .transform((v) => v !== "false" && v !== "0"),
});

export type LogLevel = z.infer<typeof LogLevel>;

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** The file of an embedded database, or undefined for a libSQL server. */
  databaseFile: string | undefined;
  /** Where the bridge keeps its own files (the database's folder, or ./data). */
  dataDir: string;
  publicUrl: string;
  masterKey: { kind: "value"; value: string } | { kind: "file"; path: string; generateIfMissing: boolean };
  adminToken: string | undefined;
  adminPassword: string | undefined;
  logLevel: LogLevel;
  maxBodyBytes: number;
  /** Largest file upload (CSV imports), in bytes. */
  maxUploadBytes: number;
  /** Largest body of a route without a token (homepage entry, scan login, sign-in, admin login), in bytes. */
  maxPublicBodyBytes: number;
  /** The time zone of schedules (and of times shown to people). */
  timezone: string;
  shutdownTimeoutMs: number;
  /** Which hops in front of the bridge are its proxies, whose X-Forwarded-For is believed. */
  trustProxy: ProxyTrust;
  /** WeLink's Open API (the default API base URL of a new corp); the sandbox's URL in sandbox mode. */
  welinkBaseUrl: string;
  /** WeLink's OAuth2 login host (browser sign-in from a PC). */
  welinkLoginUrl: string;
  /** The HWH5 JSAPI script the homepage loads inside WeLink (the sandbox serves a stand-in). */
  welinkJsapiUrl: string;
  /** Requests with bad API tokens allowed per client address per minute before 429. */
  authFailuresPerMinute: number;
  /** After `keys rotate`, how long the previous handoff signing keys keep verifying (hours). */
  handoffKeyOverlapHours: number;
  /** How long pushed messages, their deliveries and attempts are kept (days; finished ones only). */
  messageRetentionDays: number;
  /** Where tenants' OA connections and corps' API base URLs may connect (OUTBOUND_ALLOW*; WELINK_BASE_URL's host is listed too). */
  outbound: { allowPrivate: boolean; allow: string[] };
};

/** An address, an address range (CIDR) or a host name; anything else is a typo to report. */
function isAllowEntry(entry: string): boolean {
  const [addr = "", len, more] = entry.split("/");
  const kind = isIP(addr);
  if (kind !== 0) return more === undefined && (len === undefined || (/^\d{1,3}$/.test(len) && Number(len) <= (kind === 4 ? 32 : 128)));
  return len === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Turns environment variables into a checked Config; throws ConfigError naming each bad setting. */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = RawConfig.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`),
    );
  }
  const raw = parsed.data;
  if (raw.BRIDGE_MASTER_KEY && raw.BRIDGE_MASTER_KEY_FILE) {
    throw new ConfigError(["BRIDGE_MASTER_KEY / BRIDGE_MASTER_KEY_FILE: set one of them, not both"]);
  }
  const allow = raw.OUTBOUND_ALLOW.split(/[,\s]+/).filter(Boolean);
  const bad = allow.find((entry) => !isAllowEntry(entry));
  if (bad !== undefined) {
    throw new ConfigError([`OUTBOUND_ALLOW: "${bad}" is neither a host name nor an address / CIDR (e.g. 127.0.0.1/32, 10.1.0.0/16, oa.example.com)`]);
  }
  // The global admin named WeLink's address, so a corp may use it even on a private or loopback host (the sandbox).
  const outbound = { allowPrivate: raw.OUTBOUND_ALLOW_PRIVATE, allow: [...allow, new URL(raw.WELINK_BASE_URL).hostname.replace(/^\[|\]$/g, "").toLowerCase()] };
  const databaseFile = raw.DATABASE_URL.startsWith("file:")
    ? resolve(cwd, raw.DATABASE_URL.slice("file:".length).replace(/^\/\/(?=\/)/, ""))
    : undefined;
  const dataDir = databaseFile ? dirname(databaseFile) : resolve(cwd, "data");
  const publicUrl = (raw.BRIDGE_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, "");
  return {
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: databaseFile ? `file:${databaseFile}` : raw.DATABASE_URL,
    databaseAuthToken: raw.DATABASE_AUTH_TOKEN,
    databaseFile,
    dataDir,
    publicUrl,
    masterKey: raw.BRIDGE_MASTER_KEY
      ? { kind: "value", value: raw.BRIDGE_MASTER_KEY }
      : raw.BRIDGE_MASTER_KEY_FILE
        ? { kind: "file", path: resolve(cwd, raw.BRIDGE_MASTER_KEY_FILE), generateIfMissing: false }
        : { kind: "file", path: resolve(dataDir, "master.key"), generateIfMissing: true },
    adminToken: raw.BRIDGE_ADMIN_TOKEN,
    adminPassword: raw.BRIDGE_ADMIN_PASSWORD,
    logLevel: raw.LOG_LEVEL,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    maxUploadBytes: raw.MAX_UPLOAD_BYTES,
    maxPublicBodyBytes: raw.MAX_PUBLIC_BODY_BYTES,
    timezone: raw.BRIDGE_TIMEZONE,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    trustProxy: raw.TRUST_PROXY,
    authFailuresPerMinute: raw.AUTH_FAILURES_PER_MINUTE,
    welinkBaseUrl: raw.WELINK_BASE_URL.replace(/\/+$/, ""),
    welinkLoginUrl: raw.WELINK_LOGIN_URL.replace(/\/+$/, ""),
    welinkJsapiUrl: raw.WELINK_JSAPI_URL,
    handoffKeyOverlapHours: raw.HANDOFF_KEY_OVERLAP_HOURS,
    messageRetentionDays: raw.MESSAGE_RETENTION_DAYS,
    outbound,
  };
}

/**
 * The process environment over the values of `./.env` (if present). This file is the only
 * reader of the environment; the compiled binary does not autoload `.env`, so it is read here.
 */
export function readEnvironment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = resolve(cwd, ".env");
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
  return { ...fromFile, ...process.env };
}
