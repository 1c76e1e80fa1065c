import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { type WelinkClient, WelinkError } from "../welink/index.ts";
import { APP_FEATURES, type AppFeature, PERMISSION_LABELS, permissionGuide } from "./app-permissions.ts";
import { appClient } from "./app-client.ts";
import { updateAppRow } from "./store.ts";

export type PermissionState = "granted" | "missing";
export type PermissionCheck = { feature: AppFeature; state: PermissionState; needed: boolean };
export type ConnectionTest = { ok: true; detail: string; ms: number; permissions: PermissionCheck[] };

/** Ids no WeLink client ever minted: the answer tells a granted permission (not found) from a missing one (501). */
const PROBE_ID = "welink-bridge-permission-probe";
/** Todo APIs answer a missing grant with their own code as well as 501 (welink-openapi.md §5). */
const TODO_NO_PERMISSION = "55002";

/**
 * One side-effect-free call per permission: reads, or a made-up id that WeLink can only refuse
 * (no such code, task, message or batch job), so a test never changes anything in WeLink.
 * That WeLink checks the grant before it looks the id up is inferred: welink-openapi.md §0.4 says
 * only that a call without the grant answers 501. The sandbox (guard.ts's authorize, first in
 * every handler) answers so; contact sync is probed with the batch-result read of the write group
 * (§4) rather than a write with a bad body, which a real WeLink might validate before the grant.
 */
const PROBES: Record<AppFeature, (client: WelinkClient) => Promise<unknown>> = {
  identity: (client) => client.auth.userFromCode(PROBE_ID),
  "contacts-read": (client) => client.contacts.deptsPage({ parent: { deptCode: "0" }, pageNo: 1, pageSize: 1 }),
  "contacts-sync": (client) => client.contacts.batchResult(PROBE_ID),
  todo: (client) => client.todo.deleteTask(PROBE_ID),
  messages: (client) => client.messages.recall(PROBE_ID),
};

/** WeLink's answer to the token request, in words: what happened and what the admin should do. */
function explainToken(e: WelinkError): AppError {
  const said = { variant: "test", welinkCode: e.welinkCode ?? "", welinkMessage: e.welinkMessage ?? "" } as const;
  if (e.code === "WELINK_AUTH_FAILED" || e.code === "WELINK_LOCKED") return new AppError(e.code, said, { cause: e });
  return e;
}

function missingPermission(feature: AppFeature, e: WelinkError): AppError {
  const params = { variant: "test", welinkMessage: e.welinkMessage ?? "", api: e.api, permission: feature } as const;
  return new AppError("WELINK_NO_PERMISSION", params, { cause: e });
}

/**
 * Any WeLink answer to a probe other than "no permission" proves the permission is granted (the
 * call got past the permission check); answers WeLink did not give (network, timeouts) are thrown.
 */
async function probe(client: WelinkClient, feature: AppFeature): Promise<WelinkError | null> {
  try {
    await PROBES[feature](client);
    return null;
  } catch (e) {
    if (!(e instanceof WelinkError) || e.welinkCode === undefined) throw e;
    return e.code === "WELINK_NO_PERMISSION" || e.welinkCode === TODO_NO_PERMISSION ? e : null;
  }
}

type Outcome = { ok: boolean; code: string | null; permissions: PermissionCheck[] };

const saveOutcome = (deps: Deps, appId: string, o: Outcome) =>
  updateAppRow(deps.db, appId, {
    lastTestAt: deps.clock.now(),
    lastTestOk: o.ok,
    lastTestCode: o.code,
    lastTestPermissions: JSON.stringify(Object.fromEntries(o.permissions.map((p) => [p.feature, p.state]))),
  });

/** The code a failed test leaves on the app: the catalog code when there is one. */
const codeOf = (e: unknown) => (e instanceof AppError ? e.code : "INTERNAL");

/**
 * Gets an app token with the saved credentials, then probes every permission (identity, contacts
 * read, contact sync, todo, messages). A permission the app needs with the corp's settings and
 * lacks fails the test; the others are reported. The outcome is stored on the app (the corps list
 * and the overview show it). The token comes from the shared cache when one is still good; a held
 * "wrong secret" answer is reused rather than asked again, so repeated tests never lock the app.
 */
export async function testAppConnection(deps: Deps, ctx: Ctx, appId: string): Promise<ConnectionTest> {
  const { client, app, corp } = await appClient(deps, ctx, appId);
  const needs = new Map(permissionGuide(corp, app.id).map((p) => [p.feature, p.needed]));
  const started = performance.now();
  const permissions: PermissionCheck[] = [];
  try {
    const token = await client.testConnection().catch((e: unknown) => {
      throw e instanceof WelinkError ? explainToken(e) : e;
    });
    let refused: AppError | null = null;
    for (const feature of APP_FEATURES) {
      const missing = await probe(client, feature);
      const needed = needs.get(feature) ?? false;
      permissions.push({ feature, state: missing ? "missing" : "granted", needed });
      if (missing && needed && !refused) refused = missingPermission(feature, missing);
    }
    if (refused) throw refused;
    await saveOutcome(deps, app.id, { ok: true, code: null, permissions });
    const ms = Math.round(performance.now() - started);
    const granted = permissions.filter((p) => p.state === "granted").map((p) => PERMISSION_LABELS[p.feature]);
    const missing = permissions.filter((p) => p.state === "missing").map((p) => PERMISSION_LABELS[p.feature]);
    const detail =
      `WeLink at ${corp.apiBaseUrl} accepted client_id '${app.clientId}' and its secret (token in ${token.ms} ms); ` +
      `granted: ${granted.join(", ")}` +
      (missing.length ? `; missing (not needed with the current settings): ${missing.join(", ")}.` : ".");
    return { ok: true, detail, ms, permissions };
  } catch (e) {
    await saveOutcome(deps, app.id, { ok: false, code: codeOf(e), permissions });
    throw e;
  }
}
