import { EntryClient, inputValue, TENANT, type World } from "../entry/support.ts";

/** A desktop Chrome on Windows: the browser whose OA login page shows the QR code. */
export const DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export type Minted = { id: string; qrUrl: string; path: string; secretCookie: string };

let nextIp = 1;

/** Switches scan login on for the world's tenant, with its app. */
export async function enableScan(w: World, body: Record<string, unknown> = {}, tenant = TENANT): Promise<void> {
  const res = await w.h.call("PUT", "/api/v1/scan-login/settings", { tenant, body: { enabled: true, appId: w.appId, ...body } });
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
}

/**
 * The OA login page asks for a QR code: from the bridge's own origin, from a loopback address
 * (a new one each time, so the 10-a-minute limit of a frozen clock is never reached).
 */
export async function mint(w: World, tenant = TENANT): Promise<Minted> {
  const ip = `127.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
  const res = await w.h.app.request("/scan/tickets", {
    method: "POST",
    body: JSON.stringify({ tenant }),
    headers: { "content-type": "application/json", origin: new URL(w.h.config.publicUrl).origin, "x-forwarded-for": ip, "user-agent": DESKTOP_UA },
  });
  const body = (await res.json()) as { id: string; qrUrl: string };
  if (res.status !== 201) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  const secretCookie = res.headers.getSetCookie().find((c) => c.startsWith(`wlb_scan_${body.id}=`))?.split(";")[0] ?? "";
  return { ...body, path: new URL(body.qrUrl).pathname, secretCookie };
}

/** The ticket's state as its browser sees it. */
export async function browserState(w: World, m: Minted): Promise<string> {
  const res = await w.h.app.request(`/scan/tickets/${m.id}/state`, { headers: { cookie: m.secretCookie } });
  return ((await res.json()) as { state: string }).state;
}

/** A free-login code for `userId` in the world's app, as HWH5.getAuthCode would give the page. */
export async function codeFor(w: World, userId: string): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/codes`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId }) });
  return ((await res.json()) as { code: string }).code;
}

/** The phone: opens the QR's page, posts the code its script would post, and follows to the next page. */
export async function scan(w: World, phone: EntryClient, m: Minted, userId: string): Promise<Response> {
  const page = await (await phone.get(m.path)).text();
  const posted = await phone.post(m.path, { nonce: inputValue(page, "nonce") ?? "", code: await codeFor(w, userId), error: "" });
  if (posted.status !== 303) return posted;
  return phone.get(posted.headers.get("location") ?? "");
}

/** Posts one of the page's forms (approve, deny, choose, bind) with the page's nonce. */
export async function answer(phone: EntryClient, m: Minted, page: string, what: string, fields: Record<string, string> = {}): Promise<Response> {
  return phone.post(`${m.path}/${what}`, { nonce: inputValue(page, "nonce") ?? "", ...fields });
}

export const phoneClient = (w: World) => new EntryClient(w.h.app, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) HuaWei-AnyOffice/1.0 WeLink/7.40");
