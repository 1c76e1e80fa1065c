import { defineMessages, type MessageKey } from "../kernel/i18n.ts";
import * as connection from "./connection/i18n-connection.ts";
import * as csv from "./csv/i18n.ts";
import * as rows from "./csv/i18n-rows.ts";
import * as directory from "./connection/i18n-directory.ts";
import * as report from "./connection/i18n-report.ts";
import * as ldap from "./ldap/i18n-ldap.ts";
import * as sql from "./sql/i18n.ts";

/**
 * Strings of the OA admin pages, one file per page so none grows past a screenful; each file's
 * English is checked against its Chinese, and this merge keeps the key sets disjoint by prefix.
 */
const zh = { ...connection.zh, ...directory.zh, ...csv.zh, ...report.zh, ...rows.zh, ...ldap.zh, ...sql.zh };
const en: Record<keyof typeof zh, string> = { ...connection.en, ...directory.en, ...csv.en, ...report.en, ...rows.en, ...ldap.en, ...sql.en };

export const to = defineMessages(zh, en);
export type OaKey = MessageKey<typeof to>;
