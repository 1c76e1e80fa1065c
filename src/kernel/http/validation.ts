import type { ZodError } from "zod";
import { errors } from "../errors.ts";

/** The one hook every zod-validated input goes through: bad input → 422 with each field's path. */
export function throwValidation(result: { success: boolean; error?: ZodError; target?: string }): void {
  if (result.success || !result.error) return;
  throw errors.validation(
    result.error.issues.map((i) => ({
      path: [result.target === "json" ? "body" : (result.target ?? "input"), ...i.path.map(String)].join("."),
      message: i.message,
    })),
  );
}
