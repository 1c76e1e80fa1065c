// What other rooms may use of cli/: everything else is private to the room.
export { adminPasswordCommand } from "./admin-password.ts";
export { backupCommand } from "./backup.ts";
export { KEYS_HELP, keysCommand } from "./keys.ts";
export { rotateMasterKeyCommand } from "./rotate-master-key.ts";
export { serveCommand } from "./serve.ts";
export { TOKEN_HELP, tokenCommand } from "./token.ts";
export { DEMO_HELP, SANDBOX_HELP } from "./help.ts";
export { demoCommand, sandboxCommand } from "./lazy.ts";
