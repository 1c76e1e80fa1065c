import { Hono } from "hono";
import type { Sandbox } from "./sandbox.ts";

// Placeholder: to be written.
export function messageRoutes(_sb: Sandbox) {
  return new Hono();
}
