import { Client, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from "ldapts";
import { AppError } from "../../kernel/errors.ts";
import { checkUrl, type NetPolicy } from "../../kernel/net-policy.ts";
import type { LdapOaSecrets, LdapOaSettings } from "./settings.ts";

/** What was being done when a failure happened, so the failure can be named. */
export type Step = "connect" | "tls" | "bind" | "search";

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNRESET"]);
const isTlsProblem = (e: Error & { code?: unknown }) =>
  (typeof e.code === "string" && (e.code.startsWith("ERR_SSL") || e.code.startsWith("ERR_TLS") || /CERT|SELF_SIGNED|UNABLE_TO/.test(e.code))) ||
  /SSL|TLS|certificate|wrong version number|packet length/i.test(e.message);

/**
 * An LDAP failure as a catalog error: cannot reach, TLS refused, bind refused (49), base DN not
 * found (32), a timeout, or the server's own result. Never carries a password (ldapts's messages
 * hold none, and only codes and the server's words are kept).
 */
export function ldapFailure(e: unknown, s: LdapOaSettings, step: Step): AppError {
  if (e instanceof AppError) return e;
  const err: Error & { code?: unknown } = e instanceof Error ? e : new Error(String(e));
  const url = s.url;
  if (err instanceof InvalidCredentialsError) return new AppError("OA_LDAP_BIND", { bindDn: s.bindDn });
  if (err instanceof NoSuchObjectError) return new AppError("OA_LDAP_BASE_DN", { baseDn: s.baseDn });
  if (/timed out|timeout/i.test(err.message) && !(err instanceof ResultCodeError)) return new AppError("OA_TIMEOUT", { url, seconds: s.timeoutMs / 1000 });
  if (step === "tls" || isTlsProblem(err)) return new AppError("OA_LDAP_TLS", { url, reason: firstLine(err) });
  if (err instanceof ResultCodeError) return new AppError("OA_LDAP_ERROR", { resultCode: err.code, reason: firstLine(err) });
  if (typeof err.code === "string" && UNREACHABLE.has(err.code)) return new AppError("OA_LDAP_UNREACHABLE", { url, reason: err.code });
  if (step === "connect" || /Connection closed/i.test(err.message)) return new AppError("OA_LDAP_UNREACHABLE", { url, reason: firstLine(err) });
  return new AppError("OA_LDAP_ERROR", { resultCode: "-", reason: firstLine(err) });
}

const firstLine = (e: Error) => e.message.split("\n")[0]!.slice(0, 300);

const tlsOptionsOf = (s: LdapOaSettings) => ({ ...(s.caCert && { ca: [s.caCert] }), minVersion: "TLSv1.2" as const });

/** A client connected (and upgraded by StartTLS when set) but not bound: no referral is ever chased (ldapts does not). */
export async function connectClient(s: LdapOaSettings, net: NetPolicy): Promise<Client> {
  // Checked before connecting: ldapts connects on the first operation, by this same host name.
  await checkUrl(net, "oa", s.url).catch((e: unknown) => Promise.reject(ldapFailure(e, s, "connect")));
  // ldapts takes any tlsOptions as "connect with TLS", so they are given for ldaps:// only.
  const secure = s.url.startsWith("ldaps:");
  const client = new Client({ url: s.url, timeout: s.timeoutMs, connectTimeout: s.timeoutMs, ...(secure && { tlsOptions: tlsOptionsOf(s) }), strictDN: false });
  if (s.startTls) {
    try {
      await client.startTLS(tlsOptionsOf(s));
    } catch (e) {
      await client.unbind().catch(() => undefined);
      throw ldapFailure(e instanceof InvalidCredentialsError ? new Error(String(e)) : e, s, "tls");
    }
  }
  return client;
}

/** Runs `use` with a client bound as the service account; always unbinds. */
export async function withServiceClient<T>(s: LdapOaSettings, secrets: LdapOaSecrets, net: NetPolicy, use: (c: Client) => Promise<T>): Promise<T> {
  if (!secrets.bindPassword) throw new AppError("OA_SECRET_MISSING", { variant: "ldap", bindDn: s.bindDn });
  const client = await connectClient(s, net);
  try {
    try {
      await client.bind(s.bindDn, secrets.bindPassword);
    } catch (e) {
      throw ldapFailure(e, s, s.url.startsWith("ldaps:") ? "connect" : "bind");
    }
    return await use(client).catch((e: unknown) => Promise.reject(ldapFailure(e, s, "search")));
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
