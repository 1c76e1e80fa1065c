/** A message in both admin languages. `{name}` placeholders must be the same set in both. */
export type Texts = { zh: string; en: string };

/**
 * One error code. `zh`/`en` is its usual wording; `variants` are other wordings of the same code
 * (same meaning for the client, a different situation for the person), chosen by the `variant` param.
 */
export type CatalogEntry = Texts & {
  status: number;
  retryable?: boolean;
  variants?: Record<string, Texts>;
};

export type CodeTable = Record<string, CatalogEntry>;
