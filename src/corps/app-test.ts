import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { type WelinkClient, WelinkError } from "../welink/index.ts";
import { type AppFeature, PERMISSION_LABELS } from "./app-permissions.ts";
import { appClient } from "./app-client.ts";

export type ConnectionTest = { ok: true; detail: string; ms: number };

/** A code no WeLink client ever minted: the answer tells a granted permission (41502) from a missing one (501). */
const PROBE_CODE = "welink-bridge-permission-probe";

/** WeLink's answer to the token request, in words: what happened and what the admin should do. */
function explainToken(e: WelinkError): AppError {
  const said = { variant: "test", welinkCode: e.welinkCode ?? "", welinkMessage: e.welinkMessage ?? "" } as const;
  if (e.code === "WELINK_AUTH_FAILED" || e.code === "WELINK_LOCKED") return new AppError(e.code, said, { cause: e });
  return e;
}

function missingPermission(feature: AppFeature, e: WelinkError): AppError {
  const params = { variant: "test", welinkMessage: e.welinkMessage ?? "", api: e.api, permission: PERMISSION_LABELS[feature] } as const;
  return new AppError("WELINK_NO_PERMISSION", params, { cause: e });
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
  const { client, app, corp } = await appClient(deps, ctx, appId);
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
