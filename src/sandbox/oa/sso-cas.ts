import { type Context, Hono } from "hono";
import { XMLParser } from "fast-xml-parser";
import type { DemoOaState } from "./state.ts";
import { localPath, refuseSignOn, signInAs } from "./session.tsx";

/**
 * The demo OA as a CAS 3.0 client of the bridge, the way a packaged OA's CAS filter works: a
 * signed-out page goes to the CAS server's /login with this OA's service URL; the browser comes
 * back with a ticket, which the OA validates server to server at /p3/serviceValidate (XML, the
 * format CAS clients use most); the user is the OA account. The bridge's single logout posts a
 * SAML LogoutRequest to the same service URL, naming the ticket: the session started with it ends.
 */

export const CAS_SERVICE_PATH = "/sso/cas";

// Namespaces dropped: `cas:user` and `samlp:SessionIndex` are read by their local names.
const xml = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, parseTagValue: false });

/** The document, or undefined when it is not XML (a broken answer or request is nobody's session). */
function parseXml(text: string) {
  try {
    return xml.parse(text);
  } catch {
    return undefined;
  }
}

/** The service URL for a page of this OA: the same string at /login and at validation, as the spec requires. */
export const casService = (origin: string, next: string) => `${origin}${CAS_SERVICE_PATH}?next=${encodeURIComponent(next)}`;

export const casLoginUrl = (casBase: string, origin: string, next: string) => `${casBase}/login?service=${encodeURIComponent(casService(origin, next))}`;

/** The CAS server's failure code (the protocol's vocabulary, or the client's own when there was no answer) and its words. */
type Validated = { user: string } | { failure: string; why: string };

async function validate(casBase: string, service: string, ticket: string): Promise<Validated> {
  const url = `${casBase}/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket)}`;
  let text: string;
  try {
    text = await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  } catch {
    return { failure: "unreachable", why: "cannot reach the CAS server" };
  }
  const answer = parseXml(text)?.serviceResponse;
  const user = answer?.authenticationSuccess?.user;
  if (typeof user === "string" && user) return { user };
  const failure = answer?.authenticationFailure;
  return { failure: String(failure?.["@_code"] ?? "unreadable"), why: String(failure?.["#text"] ?? "no CAS answer").trim() };
}

export function casRoutes(state: DemoOaState) {
  const r = new Hono();
  r.get(CAS_SERVICE_PATH, async (c: Context) => {
    if (state.signOn.kind !== "cas") return refuseSignOn(c, 503, "本 OA 未启用 CAS 登录。", "This OA does not sign in with CAS.");
    const next = localPath(c.req.query("next"));
    const ticket = c.req.query("ticket");
    if (!ticket) return refuseSignOn(c, 401, "CAS 服务器没有给出票据。", "The CAS server returned no ticket.");
    const result = await validate(state.signOn.casBase, casService(new URL(c.req.url).origin, next), ticket);
    if ("failure" in result) return refuseSignOn(c, 401, "CAS 票据验证失败。", `The CAS ticket did not validate: ${result.why}`, result.failure);
    const sid = signInAs(state, c, state.byLogin.get(result.user));
    if (!sid) return refuseSignOn(c, 403, "该账号在本 OA 不存在或已停用。", "This account does not exist here or is disabled.");
    state.casTickets.set(ticket, sid);
    return c.redirect(next, 303);
  });
  // Single logout (CAS protocol §2.3.3): the server names the ticket; errors are not the server's concern, so 200 either way.
  r.post(CAS_SERVICE_PATH, async (c) => {
    const form = await c.req.parseBody();
    const request = typeof form.logoutRequest === "string" ? parseXml(form.logoutRequest)?.LogoutRequest : undefined;
    const ticket = request?.SessionIndex;
    const sid = typeof ticket === "string" ? state.casTickets.get(ticket) : undefined;
    if (sid) {
      state.sessions.delete(sid);
      state.casTickets.delete(ticket);
    }
    return c.text(sid ? "signed out" : "no such session", 200);
  });
  return r;
}
