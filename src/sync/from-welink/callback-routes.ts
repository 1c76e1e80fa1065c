import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { callbackErrors, receiveCallback } from "./callback.ts";

/**
 * `POST /callbacks/welink/{appKey}`: WeLink's event callbacks. Mounted outside /api/v1 (no bridge
 * token: WeLink cannot send one; the GCM tag authenticates). Errors are the app's problem+json.
 */
export function callbackRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.post("/welink/:appKey", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw callbackErrors.malformed("the body is not JSON");
    }
    const { reply } = await receiveCallback(deps, c.req.param("appKey"), body);
    return c.json(reply, 200);
  });
  return app;
}
