import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { cors } from "hono/cors";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { refuseControlCharacters } from "../../kernel/http/validation.ts";
import { issueHandoff } from "../handoff/handoff.ts";
import { findTenantById } from "../../accounts/index.ts";
import { sessionTarget } from "../session/return-to.ts";
import { completionUrl } from "../session/proof.ts";
import { ticketBus, type TicketChange } from "./bus.ts";
import { isLive, type TicketRow } from "./ticket-store.ts";
import { cancelTicket, consumeTicket, mintTicket, spendMintBudget, stateOf, ticketForBrowser, TTL_MS } from "./tickets.ts";
import QRCode from "qrcode";

/*
 * Scan-to-login, the browser's side (mounted at /scan, no API token): ask for a ticket, follow
 * its state by Server-Sent Events or long poll, take the hand-off. The ticket's browser secret
 * comes back as an HttpOnly cookie when the page is the bridge's own, else in the answer for the
 * page to keep in memory and send as `X-Scan-Secret`. Nothing here may be cached.
 */
type C = Context<AppEnv>;
export const SECRET_HEADER = "x-scan-secret";
const HEARTBEAT_MS = 15_000;
const LONG_POLL_MS = 25_000;
const cookieName = (id: string) => `wlb_scan_${id}`;

const MintBody = z.object({ tenant: z.string().min(1).max(64), target: z.string().max(2000).optional() });
const TicketId = z.string().min(1).max(64).regex(/^[\w-]+$/);

const secretOf = (c: C, id: string) => c.req.header(SECRET_HEADER) ?? getCookie(c, cookieName(id));
const bridgeOrigin = (deps: Deps) => new URL(deps.config.publicUrl).origin;
const requester = (c: C) => ({ ip: c.get("ip"), userAgent: c.req.header("user-agent") });

function idOf(c: C): string {
  const id = TicketId.safeParse(c.req.param("id"));
  if (!id.success) throw new AppError("NOT_FOUND", { variant: "noId", kind: "ticket" });
  return id.data;
}

/** Long answers (a stream, a held poll) must not be cut by the server's idle timeout. */
function holdOpen(c: C) {
  const server = (c.env as { server?: { timeout?(req: Request, seconds: number): void } } | undefined)?.server;
  server?.timeout?.(c.req.raw, 0);
}

/**
 * The ticket's changes as they come, from one subscription held for the whole wait (none is
 * missed between two reads): `next` resolves with the next change, or "timeout" after `ms`.
 */
function changesOf(deps: Deps, id: string) {
  const queue: TicketChange[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = ticketBus(deps).subscribe(id, (ch) => (queue.push(ch), wake?.()));
  return {
    async next(ms: number, signal?: AbortSignal): Promise<TicketChange | "timeout"> {
      if (queue.length === 0 && !signal?.aborted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => wake?.(), Math.max(0, ms));
          const onAbort = () => wake?.();
          signal?.addEventListener("abort", onAbort, { once: true });
          wake = () => (clearTimeout(timer), signal?.removeEventListener("abort", onAbort), (wake = undefined), resolve());
        });
      }
      return queue.shift() ?? "timeout";
    },
    close: unsubscribe,
  };
}

/** How long to wait before looking again: the next heartbeat, or just after the ticket runs out. */
const waitFor = (deps: Deps, expiresAt: number, cap: number) => Math.min(cap, Math.max(0, expiresAt - deps.clock.now() + 25));

async function mint(deps: Deps, c: C) {
  spendMintBudget(deps, c.get("ip") ?? "unknown");
  const body = MintBody.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) throw errors.validation(body.error.issues.map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message })));
  refuseControlCharacters(body.data, "body");
  const origin = c.req.header("origin");
  const m = await mintTicket(deps, { ...requester(c), ...body.data, origin });
  const sameOrigin = origin === bridgeOrigin(deps);
  if (sameOrigin) setCookie(c, cookieName(m.id), m.secret, { httpOnly: true, sameSite: "Strict", path: `${new URL(deps.config.publicUrl).pathname.replace(/\/+$/, "")}/scan/tickets/${m.id}`, maxAge: 600, secure: deps.config.publicUrl.startsWith("https:") });
  const qrSvg = await QRCode.toString(m.qrUrl, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return c.json(
    {
      id: m.id, state: "pending", expiresAt: m.expiresAt, ttlMs: TTL_MS.pending, qrUrl: m.qrUrl, qrSvg, tenant: m.tenant,
      ...(sameOrigin ? {} : { secret: m.secret }),
      // Only in the demo: the page writes the QR's URL under it, for the sandbox to play the phone with.
      ...(deps.demo ? { showQrUrl: true } : {}),
      links: { events: `/scan/tickets/${m.id}/events`, state: `/scan/tickets/${m.id}/state`, handoff: `/scan/tickets/${m.id}/handoff`, cancel: `/scan/tickets/${m.id}/cancel` },
    },
    201,
  );
}

function events(deps: Deps, c: C, ticket: TicketRow) {
  holdOpen(c);
  c.header("Cache-Control", "no-store");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    const changes = changesOf(deps, ticket.id);
    try {
      let current = stateOf(ticket);
      await stream.writeSSE({ event: "state", data: JSON.stringify(current) });
      while (!abort.signal.aborted && isLive(current.state)) {
        let ch = await changes.next(waitFor(deps, current.expiresAt, HEARTBEAT_MS), abort.signal);
        if (abort.signal.aborted) break;
        // Run out while nobody else looked: reading it settles it (expired, logged once).
        if (ch === "timeout" && deps.clock.now() >= current.expiresAt) ch = stateOf(await ticketForBrowser(deps, ticket.id, secretOf(c, ticket.id)));
        if (ch === "timeout") await stream.write(": heartbeat\n\n");
        else if (ch.state !== current.state || ch.expiresAt !== current.expiresAt) await stream.writeSSE({ event: "state", data: JSON.stringify((current = ch)) });
      }
    } finally {
      changes.close();
    }
  });
}

/**
 * The long-poll fallback: answers at once when the state differs from `after`, else at the next
 * change, the ticket's expiry or after 25 s, whichever comes first (the page then asks again).
 */
async function poll(deps: Deps, c: C, id: string) {
  holdOpen(c);
  const changes = changesOf(deps, id);
  try {
    const t = await ticketForBrowser(deps, id, secretOf(c, id));
    if (c.req.query("after") !== t.state || !isLive(t.state)) return c.json(stateOf(t), 200);
    await changes.next(waitFor(deps, t.expiresAt, LONG_POLL_MS), c.req.raw.signal);
    return c.json(stateOf(await ticketForBrowser(deps, id, secretOf(c, id))), 200);
  } finally {
    changes.close();
  }
}

/**
 * What the confirmed ticket opens: a handoff into the OA, or, for a ticket the bridge's own
 * sign-in page asked for (its target is a sign-in return of the ticket's tenant, on the bridge),
 * a sign-in session and the way back. A ticket moved to another tenant on the phone lost its target.
 */
async function afterProof(deps: Deps, c: C, t: TicketRow): Promise<string> {
  const oaUserId = t.oaUserId as string;
  const tenant = t.target && t.origin === bridgeOrigin(deps) ? await findTenantById(deps.db, t.tenantId) : undefined;
  const back = tenant ? sessionTarget(deps, tenant.slug, t.target) : undefined;
  if (!tenant || !back) return (await issueHandoff(deps, { tenantId: t.tenantId, oaUserId, target: t.target ?? undefined })).url;
  const start = { tenantId: t.tenantId, tenantSlug: tenant.slug, corpId: t.corpId, appId: t.appId, welinkUserId: t.welinkUserId as string, oaUserId, channel: "scan" as const };
  // The session starts on the tenant's path, where the browser's earlier session is seen (and ended).
  return completionUrl(deps, start, back);
}

export function scanBrowserRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  // Any page may call these (no cookies cross-site): minting checks the tenant's allowed origins, the rest need the ticket's secret.
  r.use("/tickets/*", cors({ origin: (o) => o, allowMethods: ["GET", "POST"], allowHeaders: ["Content-Type", "X-Scan-Secret"], exposeHeaders: ["Retry-After"], maxAge: 600 }));
  r.use("/tickets", cors({ origin: (o) => o, allowMethods: ["POST"], allowHeaders: ["Content-Type"], exposeHeaders: ["Retry-After"], maxAge: 600 }));
  r.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  r.post("/tickets", (c) => mint(deps, c));
  r.get("/tickets/:id/events", async (c) => {
    const id = idOf(c);
    return events(deps, c, await ticketForBrowser(deps, id, secretOf(c, id)));
  });
  r.get("/tickets/:id/state", (c) => poll(deps, c, idOf(c)));
  r.post("/tickets/:id/handoff", async (c) => {
    const id = idOf(c);
    const issued = await consumeTicket(deps, id, secretOf(c, id), (t) => afterProof(deps, c, t));
    return c.json(issued, 200);
  });
  r.post("/tickets/:id/cancel", async (c) => {
    const id = idOf(c);
    return c.json(await cancelTicket(deps, id, secretOf(c, id)), 200);
  });
  return r;
}
