import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import type { WelinkClient } from "../welink/index.ts";
import { WelinkError } from "../welink/index.ts";
import { PERMISSION_LABELS, type AppFeature } from "./app-permissions.ts";
import { openAppSecret } from "./app-secret.ts";
import { appRowOf } from "./apps.ts";
import { parseBindingRule } from "./corp-input.ts";
import { welinkClientFor } from "./app-client.ts";

export type ConnectionTest = { ok: true; detail: string; ms: number };

/** A code no WeLink client ever minted: the answer tells a granted permission (41502) from a missing one (501). */
const PROBE_CODE = "welink-bridge-permission-probe";

/** WeLink's answer to the token request, in words: what happened and what the admin should do. */
function explainToken(e: WelinkError): AppError {
  const said = `WeLink answered ${e.welinkCode} "${e.welinkMessage ?? ""}"`;
  if (e.code === "WELINK_AUTH_FAILED") {
    return new AppError(
      e.code,
      e.status,
      `${said}: the client_id or client_secret is wrong (code ${e.welinkCode}). Open the app in the WeLink developer console, ` +
        "copy its client_id (AppID) and client_secret (AppSecret) again, save them here, then test once more. " +
        "WeLink locks an app after a few wrong secrets, so the bridge repeats this answer for a few minutes instead of asking again.",
      { cause: e },
    );
  }
  if (e.code === "WELINK_LOCKED") {
    return new AppError(
      e.code,
      e.status,
      `${said}: WeLink has locked this client_id after too many wrong secrets (code ${e.welinkCode}). ` +
        "Wait about 10 minutes and do not retry meanwhile (every attempt during the lock-out can prolong it); " +
        "check the client_secret against the WeLink developer console, save the right one here, then test once.",
      { cause: e },
    );
  }
  return e;
}

function missingPermission(feature: AppFeature, e: WelinkError): AppError {
  return new AppError(
    "WELINK_NO_PERMISSION",
    e.status,
    `WeLink answered 501 "${e.welinkMessage ?? ""}" to ${e.api}: the app's token works, but the app lacks the permission ` +
      `"${PERMISSION_LABELS[feature]}". In the WeLink developer console apply for "${PERMISSION_LABELS[feature]}" for this app; ` +
      "a grant only reaches new tokens, and after a refusal the bridge fetches one at most once a minute, so test again a minute after granting.",
    { cause: e },
  );
}

/**
 * Any WeLink answer to a probe other than 501 proves the permission is granted (the call got past
 * the permission check); only answers WeLink did not give (network, timeouts) are real failures.
 */
async function probe(feature: AppFeature, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof WelinkError) || e.welinkCode === undefined) throw e;
    if (e.code === "WELINK_NO_PERMISSION") throw missingPermission(feature, e);
  }
}

async function runChecks(client: WelinkClient, isSyncApp: boolean): Promise<string[]> {
  const checked: string[] = [];
  await probe("identity", () => client.auth.userFromCode(PROBE_CODE));
  checked.push(PERMISSION_LABELS.identity);
  if (isSyncApp) {
    await probe("contacts-read", () => client.contacts.deptsPage({ parent: { deptCode: "0" }, pageNo: 1, pageSize: 1 }));
    checked.push(PERMISSION_LABELS["contacts-read"]);
  }
  return checked;
}

/**
 * Gets an app token with the saved credentials and checks the permissions that can be checked
 * without side effects. The token comes from the shared cache when one is still good; a held
 * "wrong secret" answer is reused rather than asked again, so repeated tests never lock the app.
 */
export async function testAppConnection(deps: Deps, ctx: Ctx, appId: string): Promise<ConnectionTest> {
  const { app, corp } = await appRowOf(deps.db, ctx, appId);
  const client = welinkClientFor(deps, {
    corp: { ...corp, bindingRule: parseBindingRule(corp.bindingRule) },
    app: { ...app, clientSecret: await openAppSecret(deps, app.id, app.clientSecret) },
  });
  const started = performance.now();
  try {
    const token = await client.testConnection();
    const checked = await runChecks(client, corp.syncAppId === app.id);
    const ms = Math.round(performance.now() - started);
    const detail =
      `WeLink at ${corp.apiBaseUrl} accepted client_id '${app.clientId}' and its secret (token in ${token.ms} ms); ` +
      `granted: ${checked.join(", ")}. Todo, message and contact-sync grants are only checked when first used.`;
    return { ok: true, detail, ms };
  } catch (e) {
    throw e instanceof WelinkError ? explainToken(e) : e;
  }
}
