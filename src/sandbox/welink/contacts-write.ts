import { Hono } from "hono";
import type { Sandbox } from "./sandbox.ts";

// Placeholder: to be written.
export function contactWriteRoutes(_sb: Sandbox) {
  return new Hono();
}
