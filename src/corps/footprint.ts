import type { Conn } from "../kernel/db/client.ts";

/**
 * What a corp leaves in the rooms above corps (directory, login, sync): counted before a removal
 * and, on a disconnect, partly dropped. corps sits below them and may not read their tables, so
 * the app hands this in when it mounts the corp routes and pages (src/app.ts).
 */
export type CorpFootprint = {
  count(db: Conn, tenantId: string, corpId: string): Promise<{ bindings: number; people: number; departments: number; loginLogKept: number }>;
  /** A disconnect keeps the directory and bindings but drops what only the integration used (the pull settings). */
  disconnect(db: Conn, corpId: string): Promise<void>;
};
