import type { Deps } from "../deps.ts";
import { randomToken } from "../kernel/ids.ts";
import { setAdminPassword } from "../accounts/index.ts";

/** Sets an admin's password (the given one, or a generated one that is printed), and unlocks it. */
export async function adminPasswordCommand(deps: Deps, argv: string[], out: (line: string) => void, stdinPassword?: string): Promise<number> {
  const [username] = argv;
  if (!username) {
    out("usage: welink-bridge admin-password USERNAME   (reads the new password from standard input, or generates one)");
    return 2;
  }
  const password = stdinPassword?.trim() || randomToken(12);
  await setAdminPassword(deps, { actor: { label: "cli", global: true, tenantId: null }, tenant: null }, username, password);
  out(`The password of '${username}' is set and the account unlocked.`);
  if (!stdinPassword?.trim()) out(`New password (shown once): ${password}`);
  return 0;
}
