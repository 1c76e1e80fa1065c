import type { CodeTable } from "./types.ts";

// What WeLink said, first in every mapped answer (src/welink/errors.ts maps WeLink's numeric codes).
const SAID = { zh: "WeLink 对 {api} 返回了 {welinkCode}“{welinkMessage}”", en: 'WeLink answered {welinkCode} "{welinkMessage}" to {api}' } as const;

/** The bridge's codes for WeLink's answers. */
export const WELINK_CODES = {
  WELINK_AUTH_FAILED: {
    status: 502,
    zh: `${SAID.zh}：WeLink 拒绝了应用的 client_id 或 client_secret。请在 WeLink 开发者后台核对两者；桥接服务不会自动重试，WeLink 不会因此锁定应用。`,
    en: `${SAID.en}: WeLink rejected the app's client_id or client_secret. Check them against the WeLink developer console; the bridge does not retry, so WeLink will not lock the app because of it.`,
    variants: {
      test: {
        zh: "WeLink 返回了 {welinkCode}“{welinkMessage}”：client_id 或 client_secret 不正确。请在 WeLink 开发者后台打开该应用，重新复制 client_id（AppID）和 client_secret（AppSecret），在这里保存后再测试一次。多次输错密钥会让 WeLink 锁定应用，所以几分钟内桥接服务会直接给出同样的结果，而不再向 WeLink 请求。",
        en: 'WeLink answered {welinkCode} "{welinkMessage}": the client_id or client_secret is wrong (code {welinkCode}). Open the app in the WeLink developer console, copy its client_id (AppID) and client_secret (AppSecret) again, save them here, then test once more. WeLink locks an app after a few wrong secrets, so the bridge repeats this answer for a few minutes instead of asking again.',
      },
    },
  },
  WELINK_LOCKED: {
    status: 502,
    zh: `${SAID.zh}：密钥错误次数过多，WeLink 已锁定这个 client_id。请在桥接服务中改正 client_secret，等锁定解除（约 15 分钟）后再测试连接。`,
    en: `${SAID.en}: WeLink has locked this client_id after too many wrong secrets. Correct the client_secret in the bridge, wait for the lock to lift (about 15 minutes), then test the connection again.`,
    variants: {
      test: {
        zh: "WeLink 返回了 {welinkCode}“{welinkMessage}”：密钥错误次数过多，WeLink 已锁定这个 client_id。请等待约 10 分钟，期间不要重试（锁定期间的每次尝试都可能延长锁定）；同时在 WeLink 开发者后台核对 client_secret，在这里保存正确的值后再测试一次。",
        en: 'WeLink answered {welinkCode} "{welinkMessage}": WeLink has locked this client_id after too many wrong secrets (code {welinkCode}). Wait about 10 minutes and do not retry meanwhile (every attempt during the lock-out can prolong it); check the client_secret against the WeLink developer console, save the right one here, then test once.',
      },
    },
  },
  WELINK_NO_PERMISSION: {
    status: 502,
    zh: `${SAID.zh}：这个 WeLink 应用没有调用该接口的权限。请在 WeLink 开发者后台为应用申请“{permission}”权限；桥接服务下次获取令牌时即可生效。`,
    en: `${SAID.en}: the WeLink app lacks the permission for this API. In the WeLink developer console apply for "{permission}" for the app; the bridge uses the grant from its next token.`,
    variants: {
      test: {
        zh: "WeLink 对 {api} 返回了 501“{welinkMessage}”：应用的令牌可用，但缺少“{permission}”权限。请在 WeLink 开发者后台为该应用申请“{permission}”；授权只对新令牌生效，而被拒绝后桥接服务最多每分钟获取一次新令牌，所以请在授权一分钟后再测试。",
        en: "WeLink answered 501 \"{welinkMessage}\" to {api}: the app's token works, but the app lacks the permission \"{permission}\". In the WeLink developer console apply for \"{permission}\" for this app; a grant only reaches new tokens, and after a refusal the bridge fetches one at most once a minute, so test again a minute after granting.",
      },
    },
  },
  WELINK_RATE_LIMITED: {
    status: 503,
    retryable: true,
    zh: `${SAID.zh}：触发了 WeLink 的调用频率限制，请稍后重试。`,
    en: `${SAID.en}: WeLink's rate limit was hit; try again shortly.`,
  },
  WELINK_NOT_VISIBLE: {
    status: 422,
    zh: `${SAID.zh}：有 {count} 位接收人不在应用的可见范围内，或没有关注应用（{users}）。请在 WeLink 中扩大应用的可见范围，或去掉这些接收人。`,
    en: `${SAID.en}: {count} recipient(s) are outside the app's visible range or do not follow its account ({users}). Widen the app's visible range in WeLink or drop them.`,
  },
  WELINK_TOKEN_INVALID: {
    status: 502,
    retryable: true,
    zh: `${SAID.zh}：WeLink 拒绝了访问令牌（桥接服务已更新令牌并重试过一次）。`,
    en: `${SAID.en}: WeLink refused the access token (an app token is renewed and the call retried once before this is reported).`,
  },
  WELINK_UNAVAILABLE: {
    status: 503,
    retryable: true,
    zh: `${SAID.zh}：WeLink 服务端出错，请稍后重试。`,
    en: `${SAID.en}: WeLink reported a server error; try again later.`,
    variants: {
      noAnswer: {
        zh: "WeLink 没有对 {api} 给出可用的应答：{reason}。请检查网络连接和 WeLink 的 API 地址，稍后重试。",
        en: "WeLink did not answer {api} usably: {reason}.",
      },
      batchRunning: {
        zh: "WeLink 的批量任务 {jobId} 仍在执行（{percentage}%），请稍后再查询结果。",
        en: "WeLink's batch job {jobId} is still running ({percentage} %); ask for its result later.",
      },
    },
  },
  WELINK_NOT_FOUND: { status: 404, zh: `${SAID.zh}：WeLink 中没有这个对象。`, en: `${SAID.en}: WeLink has no such object.` },
  WELINK_DUPLICATE: { status: 409, zh: `${SAID.zh}：WeLink 中已经有这个对象。`, en: `${SAID.en}: WeLink already has this object.` },
  WELINK_CODE_INVALID: {
    status: 400,
    zh: `${SAID.zh}：登录码格式不对、已过期或已被使用，请从 WeLink 重新进入。`,
    en: `${SAID.en}: the sign-in code is malformed, expired or already used; sign in again from WeLink.`,
  },
  WELINK_INVALID_REQUEST: {
    status: 422,
    zh: `${SAID.zh}：WeLink 认为请求参数不合法。`,
    en: `${SAID.en}: WeLink refused the request's parameters.`,
    variants: {
      tooManyReceivers: {
        zh: "每次调用只能发给 1 到 {max} 个用户，这次有 {count} 个，请拆分名单。",
        en: "A message goes to 1 to {max} users per call, not {count}; split the list.",
      },
      batchSize: { zh: "每个批次只能包含 1 到 {max} 项，这次有 {count} 项，请拆分后分批提交。", en: "A batch holds 1 to {max} items, not {count}; split the list." },
    },
  },
  WELINK_ERROR: { status: 502, zh: `${SAID.zh}。`, en: `${SAID.en}.` },
  WELINK_BAD_RESPONSE: {
    status: 502,
    zh: "WeLink 对 {api} 的应答不符合预期：{what}。",
    en: "WeLink's answer to {api} is not what the client expects: {what}.",
  },
  WELINK_PAGING_LOOP: {
    status: 502,
    zh: "已停止通过 {api} 分页读取：{what}。WeLink 的分页没有前进，读到的列表不完整。",
    en: "Stopped listing through {api}: {what}. WeLink's paging is not advancing; the listing is incomplete.",
  },
} as const satisfies CodeTable;
