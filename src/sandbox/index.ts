// What other rooms may use of sandbox/: everything else is private to the room.
export type { OaPerson } from "./oa/model.ts";
export { startDemoOa } from "./oa/server.ts";
export type { RunningDemoOa } from "./oa/server.ts";
export { SSO_PATH } from "./oa/sso.tsx";
export { generateOrg } from "./welink/generate.ts";
export type { GenerateSummary } from "./welink/generate.ts";
export { FaultsInput, SettingsInput, applyFaults, applySettings } from "./welink/inspect-faults.ts";
export { DEFAULT_SETTINGS } from "./welink/model.ts";
export type { App } from "./welink/model.ts";
export { createSandbox, registerApp } from "./welink/sandbox.ts";
export type { Sandbox } from "./welink/sandbox.ts";
export { createSandboxApp } from "./welink/server.ts";
