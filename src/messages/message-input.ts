import { z } from "@hono/zod-openapi";

/** A source name as the OA sends it: todo, approval, attendance, notice, meeting or its own. */
export const SourceName = z
  .string()
  .regex(/^[a-z0-9_-]{1,64}$/, "1–64 characters of a–z, 0–9, '_' and '-'")
  .openapi({ example: "approval" });

const HttpUrl = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).max(2000);
const OaUserId = z.string().min(1).max(200);

export const MessageKind = z.enum(["create", "update", "done", "delete"]);
export type MessageKind = z.infer<typeof MessageKind>;

/** One OA message: one kind (create, update, done, delete) of one OA item (source + externalId). */
export const MessageInput = z
  .object({
    source: SourceName,
    externalId: z.string().min(1).max(200).openapi({ description: "The OA's id of the item (approval, notice…)", example: "AP-2026-0042" }),
    kind: MessageKind,
    title: z.string().min(1).max(1000),
    body: z.string().max(20_000).optional(),
    mobileUrl: HttpUrl.optional(),
    pcUrl: HttpUrl.optional(),
    sender: z.string().max(100).optional(),
    recipients: z
      .array(OaUserId)
      .min(1)
      .max(10_000)
      .optional()
      .openapi({ description: "OA user ids. Required except for `done`, where leaving it out means everyone the item was sent to." }),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.recipients) {
      if (m.kind !== "done") ctx.addIssue({ code: "custom", path: ["recipients"], message: `required for kind '${m.kind}' (only 'done' may leave it out)` });
      return;
    }
    const seen = new Set<string>();
    m.recipients.forEach((r, i) => {
      if (seen.has(r)) ctx.addIssue({ code: "custom", path: ["recipients", i], message: `'${r}' is listed twice; list each recipient once` });
      seen.add(r);
    });
  })
  .openapi("MessageInput");
export type MessageInput = z.infer<typeof MessageInput>;

export const MessageAccepted = z
  .object({
    id: z.string(),
    status: z.enum(["routed", "no_rule"]),
    deliveries: z.object({
      pending: z.number().int().openapi({ description: "Deliveries queued for WeLink (bound recipients × rule targets)" }),
      skipped: z.number().int().openapi({ description: "Recipients not bound to a WeLink user in a target's corp: recorded, not sent" }),
    }),
  })
  .openapi("MessageAccepted");
export type MessageAccepted = z.infer<typeof MessageAccepted>;

export const MessageBatch = z
  .object({
    messages: z.array(z.unknown()).min(1).max(500).openapi({ description: "Up to 500 MessageInput objects; each is checked and accepted on its own" }),
  })
  .openapi("MessageBatch");

export const BatchItemResult = z
  .object({
    index: z.number().int(),
    id: z.string().optional(),
    status: z.enum(["routed", "no_rule"]).optional(),
    replayed: z.boolean().optional(),
    deliveries: MessageAccepted.shape.deliveries.optional(),
    error: z
      .object({ code: z.string(), detail: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
      .optional(),
  })
  .openapi("MessageBatchItemResult");
export type BatchItemResult = z.infer<typeof BatchItemResult>;

// Push rules.

export const TargetType = z.enum(["notification", "todo", "card"]);
export const RuleTarget = z.object({ corpId: z.string().min(1).max(64), appId: z.string().min(1).max(64), type: TargetType }).openapi("PushRuleTarget");
export type RuleTarget = z.infer<typeof RuleTarget>;

const RuleSources = z
  .array(z.union([SourceName, z.literal("*")]))
  .min(1)
  .max(100)
  .refine((s) => !s.includes("*") || s.length === 1, "'*' (all sources) stands alone")
  .refine((s) => new Set(s).size === s.length, "list each source once")
  .openapi({ description: 'Source names, or ["*"] for every source', example: ["approval", "todo"] });

const RuleTargets = z
  .array(RuleTarget)
  .min(1)
  .max(20)
  .refine((t) => new Set(t.map((x) => `${x.corpId}|${x.appId}|${x.type}`)).size === t.length, "list each target once");

export const NewPushRule = z
  .object({ name: z.string().trim().min(1).max(100), enabled: z.boolean().default(true), sources: RuleSources, targets: RuleTargets })
  .openapi("NewPushRule");
export type NewPushRule = z.input<typeof NewPushRule>;

export const PushRulePatch = z
  .object({ name: z.string().trim().min(1).max(100), enabled: z.boolean(), sources: RuleSources, targets: RuleTargets })
  .partial()
  .openapi("PushRulePatch");
export type PushRulePatch = z.input<typeof PushRulePatch>;

export const PushRuleView = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    sources: z.array(z.string()),
    targets: z.array(RuleTarget),
    createdAt: z.string(),
    updatedAt: z.string(),
    warning: z.string().optional(),
  })
  .openapi("PushRule");
export type PushRuleView = z.infer<typeof PushRuleView>;
