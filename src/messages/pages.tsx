/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { AdminEnv } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { logPages } from "./log-pages.tsx";
import { messagePages } from "./message-pages.tsx";
import { rulePages } from "./rule-pages.tsx";

/** The admin's "Message push" area: push rules, the delivery log and each message's deliveries. */
export function messagePushPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.route("/", rulePages(deps));
  // Before the message pages: /push/messages/replay-dead is not a message id.
  r.route("/", logPages(deps));
  r.route("/", messagePages(deps));
  return r;
}
