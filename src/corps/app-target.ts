import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { errors } from "../kernel/errors.ts";
import { getOaPortal, isOaPath, underBase } from "../oa/index.ts";
import type { AppTarget } from "./app-input.ts";

const invalid = (message: string) => errors.validation([{ path: "body.target.value", message }]);

/**
 * Checks a homepage target against the tenant's OA portal: a module must be in its list; a link
 * must be an OA path or an https URL under the OA's web address (anything else would be
 * ignored by the handoff, which only lands under that address).
 */
export async function checkTarget(deps: Deps, ctx: Ctx, target: AppTarget): Promise<AppTarget> {
  const portal = await getOaPortal(deps, ctx);
  if (target.kind === "module") {
    if (!portal.modules.some((m) => m.name === target.value)) {
      const names = portal.modules.map((m) => m.name).join(", ") || "none yet";
      throw invalid(`must be one of the tenant's OA modules (${names}); add modules in the OA portal settings`);
    }
    return target;
  }
  if (isOaPath(target.value)) return target;
  if (!/^https:\/\//i.test(target.value)) throw invalid("must be an OA path starting with '/' or an absolute https:// URL");
  if (!underBase(portal.webBaseUrl, target.value)) {
    throw invalid(`must lie under the OA's web address ${portal.webBaseUrl} (set it in the OA portal settings)`);
  }
  return target;
}

/** A new app without a target opens the first module of the list (the list starts with one). */
export async function defaultTarget(deps: Deps, ctx: Ctx): Promise<AppTarget> {
  const first = (await getOaPortal(deps, ctx)).modules[0];
  return first ? { kind: "module", value: first.name } : { kind: "link", value: "/" };
}

/** The module names an admin can choose from. */
export async function moduleChoices(deps: Deps, ctx: Ctx): Promise<{ name: string; path: string }[]> {
  return (await getOaPortal(deps, ctx)).modules;
}
