import { directoryMessages } from "../../directory/index.ts";
import { defineMessages, type MessageKey } from "../../kernel/i18n.ts";
import { en, zh } from "./i18n-sync.ts";
import { runStatusEn, runStatusZh } from "./i18n-to-welink.ts";

/** Strings of the sync pages: their own and the directory's (corp tabs, field names) they show. */
export const td = defineMessages({ ...directoryMessages.zh, ...zh, ...runStatusZh }, { ...directoryMessages.en, ...en, ...runStatusEn });
export type SyncPagesKey = MessageKey<typeof td>;
