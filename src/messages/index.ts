// What other rooms may use of messages/: everything else is private to the room.
export { startDispatcher } from "./dispatcher.ts";
export { fullTextRoutes } from "./full-text.tsx";
export { deliveryLogRoutes } from "./log-routes.ts";
export { pushMetrics } from "./metrics.ts";
export { messagePushPages } from "./pages.tsx";
export { registerMessageJobs } from "./prune.ts";
export { messagePushRoutes } from "./routes.ts";
export { deliveryProblemsByCorp, hasEnabledPushRule } from "./figures.ts";
export type { DeliveryProblems } from "./figures.ts";
export { messageReach } from "./explain.ts";
export type { LastDelivery, RuleReach } from "./explain.ts";
