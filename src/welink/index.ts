// What other rooms may use of welink/: everything else is private to the room.
export { CALLBACK_MAX_SKEW_SECONDS, CallbackCryptoError, callbackDigest, decryptCallback, encryptCallback, timestampIsFresh } from "./callback-crypto.ts";
export { createWelinkClient } from "./client.ts";
export type { WelinkClient } from "./client.ts";
export { WelinkError } from "./errors.ts";
export { MAX_RECEIVERS } from "./messages.ts";
export { createWelinkRegistry } from "./registry.ts";
export type { WelinkRegistry } from "./registry.ts";
export type { WelinkDept, WelinkUser } from "./types.ts";
