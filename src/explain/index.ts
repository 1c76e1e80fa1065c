// What other rooms may use of explain/: its API routes and admin pages. Explain sits above
// directory, messages, login, sync and corps (it reads all of them); nothing imports it back.
export { explainRoutes } from "./routes.ts";
export { explainPages } from "./pages.tsx";
