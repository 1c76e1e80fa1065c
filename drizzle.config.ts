import { defineConfig } from "drizzle-kit";

// Schema files live in their feature folders; drizzle-kit needs no database to generate SQL.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/**/schema.ts",
  out: "./migrations",
});
