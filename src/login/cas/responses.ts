import type { CasAttribute } from "./services.ts";
import type { Validation } from "./tickets.ts";

/*
 * The CAS answers (spec §2.4.2, §2.5.2, §2.5.7, Appendix A), built from escaped text only:
 * every value that came from a person, the OA or a request passes through `xmlText`.
 */

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for an XML element or attribute value; characters XML 1.0 cannot carry at all are dropped. */
export function xmlText(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

export type Format = "XML" | "JSON";

type Released = [string, string][];

/** The attributes a /p3 answer carries: the authentication facts, then the person's released, non-empty ones. */
export function releasedAttributes(v: Extract<Validation, { ok: true }>): Released {
  const facts: Released = [
    ["authenticationDate", new Date(v.authTime).toISOString()],
    ["isFromNewLogin", String(v.fromNewLogin)],
    ["longTermAuthenticationRequestTokenUsed", "false"],
  ];
  const person = v.released.flatMap((a: CasAttribute): Released => (v.person.attributes[a] ? [[a, v.person.attributes[a]!]] : []));
  return [...facts, ...person];
}

export function serviceResponse(v: Validation, format: Format, withAttributes: boolean): { body: string; type: string } {
  if (format === "JSON") {
    const inner = v.ok
      ? { authenticationSuccess: { user: v.person.user, ...(withAttributes && { attributes: Object.fromEntries(releasedAttributes(v)) }) } }
      : { authenticationFailure: { code: v.code, description: v.description } };
    return { body: JSON.stringify({ serviceResponse: inner }), type: "application/json; charset=utf-8" };
  }
  const lines = ['<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">'];
  if (v.ok) {
    lines.push("  <cas:authenticationSuccess>", `    <cas:user>${xmlText(v.person.user)}</cas:user>`);
    if (withAttributes) {
      lines.push("    <cas:attributes>");
      for (const [k, val] of releasedAttributes(v)) lines.push(`      <cas:${k}>${xmlText(val)}</cas:${k}>`);
      lines.push("    </cas:attributes>");
    }
    lines.push("  </cas:authenticationSuccess>");
  } else {
    lines.push(`  <cas:authenticationFailure code="${v.code}">${xmlText(v.description)}</cas:authenticationFailure>`);
  }
  lines.push("</cas:serviceResponse>", "");
  return { body: lines.join("\n"), type: "application/xml; charset=utf-8" };
}

/** CAS 1.0 (§2.4.2): `yes\n<user>\n` or `no\n\n`. A user name with a line break could forge a line, so it fails. */
export function cas1Response(v: Validation): string {
  return v.ok && !/[\r\n]/.test(v.person.user) ? `yes\n${v.person.user}\n` : "no\n\n";
}

/** The spec's /proxy answer: this server grants no proxy tickets (§2.7.3 UNAUTHORIZED_SERVICE). */
export function proxyRefusal(format: Format): { body: string; type: string } {
  const description = "This server does not issue proxy tickets";
  if (format === "JSON") return { body: JSON.stringify({ serviceResponse: { proxyFailure: { code: "UNAUTHORIZED_SERVICE", description } } }), type: "application/json; charset=utf-8" };
  return {
    body: `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n  <cas:proxyFailure code="UNAUTHORIZED_SERVICE">${xmlText(description)}</cas:proxyFailure>\n</cas:serviceResponse>\n`,
    type: "application/xml; charset=utf-8",
  };
}

/** The SAML logout request of single logout (spec Appendix C), for one ticket. */
export function logoutRequest(o: { id: string; issueInstant: Date; nameId: string; ticket: string }): string {
  return [
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${xmlText(o.id)}" Version="2.0" IssueInstant="${o.issueInstant.toISOString()}">`,
    `<saml:NameID>${xmlText(o.nameId)}</saml:NameID>`,
    `<samlp:SessionIndex>${xmlText(o.ticket)}</samlp:SessionIndex>`,
    "</samlp:LogoutRequest>",
  ].join("");
}
