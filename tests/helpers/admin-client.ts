import type { App } from "../../src/app.ts";

type Fields = Record<string, string | string[]>;
type PostOptions = { csrf?: string | null; headers?: Record<string, string> };

/** A browser stand-in for in-process admin tests: keeps cookies, posts forms, never follows redirects. */
export class AdminClient {
  readonly jar = new Map<string, string>();

  constructor(private readonly app: App) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || pair.slice(eq + 1) === "") this.jar.delete(name);
      else this.jar.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  private get cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** This browser's CSRF token, as the hidden field of a page would carry it. */
  get csrf(): string {
    return this.jar.get("wlb_csrf") ?? "";
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.app.request(path, { headers: { cookie: this.cookieHeader } }));
  }

  async getText(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.get(path);
    return { status: res.status, html: await res.text(), res };
  }

  /** Posts a urlencoded form with the CSRF field (unless `csrf` says otherwise). */
  async post(path: string, fields: Fields = {}, options: PostOptions = {}): Promise<Response> {
    const body = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) body.append("_csrf", csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const headers = { "content-type": "application/x-www-form-urlencoded", cookie: this.cookieHeader, ...options.headers };
    return this.remember(await this.app.request(path, { method: "POST", body, headers }));
  }

  /** Opens the sign-in page (for the CSRF cookie) and signs in; returns the POST's response. */
  async signIn(username: string, password: string, next?: string): Promise<Response> {
    await this.get("/admin/login");
    return this.post("/admin/login", { username, password, ...(next ? { next } : {}) });
  }
}

/** A client already signed in (throws when the sign-in does not redirect). */
export async function signedIn(app: App, username: string, password: string): Promise<AdminClient> {
  const client = new AdminClient(app);
  const res = await client.signIn(username, password);
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}: ${await res.text()}`);
  return client;
}

/**
 * The two admins of a tenant-isolation test: the global admin working in tenant `default`, and the
 * admin of a second tenant `other` (created here) who must see none of it.
 */
export async function adminAndOutsider(h: { app: App; call: (method: string, path: string, o?: { tenant?: string; body?: unknown }) => Promise<Response> }, password: string): Promise<{ admin: AdminClient; outsider: AdminClient }> {
  await h.call("POST", "/api/v1/tenants", { body: { slug: "other", name: "Other" } });
  const made = await h.call("POST", "/api/v1/admins", { tenant: "other", body: { username: "other-admin", password: "a-long-password" } });
  if (made.status !== 201) throw new Error(`the other tenant's admin: ${made.status} ${await made.text()}`);
  const admin = await signedIn(h.app, "admin", password);
  await admin.post("/admin/tenant", { tenant: "default", back: "/admin" });
  return { admin, outsider: await signedIn(h.app, "other-admin", "a-long-password") };
}
