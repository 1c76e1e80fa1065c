// What other rooms may use of audit/: everything else is private to the room.
export { listAudit } from "./list-audit.ts";
export { AuditTable, auditPages } from "./pages.tsx";
export { recordAudit } from "./record.ts";
export { auditRoutes } from "./routes.ts";
export { listAuditRows } from "./store.ts";
