// What other rooms may use of sync/: everything else is private to the room.
export { callbackRoutes } from "./from-welink/callback-routes.ts";
export { closeInterruptedPulls } from "./from-welink/pull.ts";
export { pullRoutes } from "./from-welink/routes.ts";
export { registerPullSchedules } from "./from-welink/settings.ts";
export { pullSettings } from "./schema.ts";
export { pushRoutes } from "./to-welink/routes.ts";
export { registerPushSchedules } from "./to-welink/save-settings.ts";
export { resumePushRuns } from "./to-welink/sync.ts";
export { resumeEditRuns } from "./org-edit/resume.ts";
export { resumeWritebackRuns } from "./to-oa/run.ts";
export { syncAreaPages } from "./pages/pages.tsx";
export { dropPullSettings } from "./store.ts";
export { explainScope } from "./to-welink/scope-explain.ts";
export type { ScopeAnswer, ScopeRule } from "./to-welink/scope-explain.ts";
export { SCOPE_PICKER_PATH, SCOPE_PICKER_SCRIPT } from "./pages/push-scope-picker.tsx";
