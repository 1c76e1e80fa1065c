// What other rooms may use of admin/: everything else is private to the room.
export { adminRoutes, renderAdminError } from "./routes.tsx";
