import { Hono } from "hono";
import type { Sandbox } from "./sandbox.ts";

// Placeholder: to be written.
export function authRoutes(_sb: Sandbox) {
  return new Hono();
}
