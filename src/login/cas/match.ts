/*
 * Which registered service a `service` URL belongs to: same scheme, host and port, and a path
 * under the prefix — at a segment boundary unless the prefix ends with "/", so /oa does not
 * admit /oauth. No wildcards; the longest prefix wins. A URL with user info or a fragment, or
 * one that is not http(s), belongs to none (it is never redirected to).
 */

export type Prefixed = { urlPrefix: string };

export function parseServiceUrl(service: string): URL | undefined {
  if (service.length > 2000 || !URL.canParse(service)) return undefined;
  const u = new URL(service);
  if ((u.protocol !== "https:" && u.protocol !== "http:") || u.username || u.password || u.hash || service.includes("#")) return undefined;
  return u;
}

export function underPrefix(u: URL, urlPrefix: string): boolean {
  if (!URL.canParse(urlPrefix)) return false;
  const p = new URL(urlPrefix);
  if (u.protocol !== p.protocol || u.host !== p.host) return false;
  if (p.pathname.endsWith("/")) return u.pathname.startsWith(p.pathname);
  return u.pathname === p.pathname || u.pathname.startsWith(`${p.pathname}/`);
}

export function matchService<S extends Prefixed>(services: readonly S[], service: string): S | undefined {
  const u = parseServiceUrl(service);
  if (!u) return undefined;
  return services.filter((s) => underPrefix(u, s.urlPrefix)).sort((a, b) => b.urlPrefix.length - a.urlPrefix.length)[0];
}

/** The service URL, byte for byte, with `ticket=` appended (re-serialising would change how the client sees its own URL). */
export function withTicket(service: string, ticket: string): string {
  return `${service}${service.includes("?") ? "&" : "?"}ticket=${encodeURIComponent(ticket)}`;
}
