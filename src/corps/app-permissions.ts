/**
 * Which WeLink permission (granted per app in the WeLink developer console, §0.4) each bridge
 * feature needs, for the admin's table and the API's guidance. Pure: no I/O.
 */
export const APP_FEATURES = ["identity", "contacts-read", "contacts-sync", "todo", "messages"] as const;
export type AppFeature = (typeof APP_FEATURES)[number];

/** The console's names, Chinese first as the console shows them. */
export const PERMISSION_LABELS: Record<AppFeature, string> = {
  identity: "身份验证 / 免登 (identity & authentication)",
  "contacts-read": "通讯录读取 (contacts read)",
  "contacts-sync": "通讯录同步 (contact sync)",
  todo: "待办 (todo)",
  messages: "消息 (messages)",
};

const USED_FOR: Record<AppFeature, string> = {
  identity: "homepage entry and scan-to-login: learning who opened the app",
  "contacts-read": "WeLink → bridge sync: reading WeLink's departments and people",
  "contacts-sync": "OA → WeLink sync: creating, updating and removing departments and people in WeLink",
  todo: "message push: OA todos as WeLink todos",
  messages: "message push: OA notices as WeLink messages and cards",
};

export type PermissionNeed = {
  feature: AppFeature;
  permission: string;
  usedFor: string;
  /** Needed with the corp's current settings (push needs depend on push rules, so they say false). */
  needed: boolean;
};

export type CorpSettings = { contactPermission: "read-only" | "read-write"; syncAppId: string | null };

/** What this app needs: identity always; contact reads (and writes, for read-write corps) when it is the sync app. */
export function permissionGuide(corp: CorpSettings, appId: string): PermissionNeed[] {
  const isSyncApp = corp.syncAppId === appId;
  const needed: Record<AppFeature, boolean> = {
    identity: true,
    "contacts-read": isSyncApp,
    "contacts-sync": isSyncApp && corp.contactPermission === "read-write",
    todo: false,
    messages: false,
  };
  return APP_FEATURES.map((feature) => ({ feature, permission: PERMISSION_LABELS[feature], usedFor: USED_FOR[feature], needed: needed[feature] }));
}

export const VISIBLE_RANGE_NOTE =
  "People outside the app's visible range (可见范围) in WeLink cannot open the app, do not receive its messages or todos, " +
  "and are not seen by a contact sync that uses this app. Widen the visible range in the WeLink console to include everyone the bridge should serve.";
