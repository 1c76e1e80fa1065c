import { directoryMessages } from "../../directory/index.ts";
import { defineMessages, type MessageKey } from "../../kernel/i18n.ts";
import * as runs from "./i18n-runs.ts";
import { en, zh } from "./i18n-sync.ts";

/** Strings of the sync pages: their own and the directory's (corp tabs, field names) they show. */
export const td = defineMessages(
  { ...directoryMessages.zh, ...zh, ...runs.zh },
  { ...directoryMessages.en, ...en, ...runs.en },
);
export type SyncPagesKey = MessageKey<typeof td>;
