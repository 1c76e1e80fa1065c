/**
 * Translations for server-rendered pages. Simplified Chinese is the default; English is the switch.
 * Each feature keeps its own strings (`defineMessages` in its folder), so the kernel imports no
 * feature; the kernel's own dictionary holds the words every page shares.
 */
export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "zh-CN";

export const parseLang = (value: string | undefined | null): Lang =>
  LANGS.find((l) => l === value) ?? DEFAULT_LANG;

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (lang: Lang, key: K, params?: Params) => string;
/** The keys a translator takes: `MessageKey<typeof tx>`. */
export type MessageKey<T> = T extends Translate<infer K> ? K : never;

/** Replaces `{name}` placeholders; a missing parameter stays visible rather than vanishing. */
export function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Builds a translator from a Chinese dictionary and its English twin: a key missing in English,
 * or one English has that Chinese lacks, fails the typecheck (no `satisfies` needed beside it).
 */
export function defineMessages<Z extends Record<string, string>, E extends { [K in keyof Z]: string }>(
  zh: Z,
  en: E & Record<Exclude<keyof E, keyof Z>, never>,
) {
  const dicts: Record<Lang, Record<keyof Z, string>> = { "zh-CN": zh, en };
  type Key = Extract<keyof Z, string>;
  const translate: Translate<Key> = (lang, key, params) => format(dicts[lang][key], params);
  const keys = new Set<string>(Object.keys(zh));
  /** For keys built at run time (an error code, a `?done=` value): undefined when unknown. */
  const maybe = (lang: Lang, key: string, params?: Params) => (keys.has(key) ? translate(lang, key as Key, params) : undefined);
  return Object.assign(translate, { maybe });
}

const zh = {
  "app.name": "WeLink 桥接",
  "common.save": "保存",
  "common.cancel": "取消",
  "common.create": "创建",
  "common.delete": "删除",
  "common.confirm": "确认",
  "common.edit": "编辑",
  "common.back": "返回",
  "common.actions": "操作",
  "common.name": "名称",
  "common.createdAt": "创建时间",
  "common.none": "无",
  "common.never": "从未",
  "common.empty": "暂无数据。",
  "common.yes": "是",
  "common.no": "否",
  "common.filter": "筛选",
  "common.reset": "重置",
  "common.older": "更早的记录 →",
  "common.newest": "← 最新",
  "common.required": "必填",
  "common.optional": "选填",
  "common.formInvalid": "表单有错误，请按提示修改后重新提交。",
  "error.title.400": "请求有误",
  "error.title.401": "需要登录",
  "error.title.403": "禁止访问",
  "error.title.404": "页面不存在",
  "error.title.409": "操作冲突",
  "error.title.413": "请求过大",
  "error.title.422": "内容有误",
  "error.title.429": "请求过于频繁",
  "error.title.500": "服务器内部错误",
  "error.title.503": "服务暂不可用",
  "error.title.other": "出错了",
  "error.requestId": "请求编号：{id}",
  "error.home": "返回管理后台",
} as const;

const en = {
  "app.name": "WeLink Bridge",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.create": "Create",
  "common.delete": "Delete",
  "common.confirm": "Confirm",
  "common.edit": "Edit",
  "common.back": "Back",
  "common.actions": "Actions",
  "common.name": "Name",
  "common.createdAt": "Created",
  "common.none": "None",
  "common.never": "Never",
  "common.empty": "Nothing here yet.",
  "common.yes": "Yes",
  "common.no": "No",
  "common.filter": "Filter",
  "common.reset": "Reset",
  "common.older": "Older entries →",
  "common.newest": "← Newest",
  "common.required": "required",
  "common.optional": "optional",
  "common.formInvalid": "The form has errors; correct them and submit again.",
  "error.title.400": "Bad request",
  "error.title.401": "Sign-in required",
  "error.title.403": "Forbidden",
  "error.title.404": "Page not found",
  "error.title.409": "Conflict",
  "error.title.413": "Request too large",
  "error.title.422": "Invalid input",
  "error.title.429": "Too many requests",
  "error.title.500": "Internal error",
  "error.title.503": "Service unavailable",
  "error.title.other": "Something went wrong",
  "error.requestId": "Request id: {id}",
  "error.home": "Back to the admin",
};

/** The shared words of every page. */
export const t = defineMessages(zh, en);
export type CommonKey = MessageKey<typeof t>;
