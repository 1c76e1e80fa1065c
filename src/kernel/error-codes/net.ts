import type { CodeTable } from "./types.ts";

/** Outbound connections a tenant asked for (its OA, a corp's API base URL) that the global allow-list refuses. */
export const NET_CODES = {
  OUTBOUND_REFUSED: {
    status: 422,
    zh: "不允许桥接服务连接 {host}（{address}）：这是内网地址，企业 API 地址不能指向内网。如确需连接，请由全局管理员把它加入 OUTBOUND_ALLOW 设置。",
    en: "The bridge may not connect to {host} ({address}): it is a private address, which a corp's API base URL may not use. A global administrator can allow it in the OUTBOUND_ALLOW setting.",
    variants: {
      loopback: {
        zh: "不允许桥接服务连接 {host}（{address}）：这是本机回环地址。如确需连接，请由全局管理员把它加入 OUTBOUND_ALLOW 设置（如 OUTBOUND_ALLOW=127.0.0.1/32）。",
        en: "The bridge may not connect to {host} ({address}): it is a loopback address of the bridge's own machine. A global administrator can allow it in the OUTBOUND_ALLOW setting (e.g. OUTBOUND_ALLOW=127.0.0.1/32).",
      },
      never: {
        zh: "不允许桥接服务连接 {host}（{address}）：链路本地地址和云主机元数据地址（如 169.254.169.254）始终禁止访问，任何设置都不能放开。请填写 OA 或 WeLink 的真实地址。",
        en: "The bridge never connects to {host} ({address}): link-local and cloud metadata addresses (such as 169.254.169.254) are refused whatever the settings say. Enter the real address of the OA or of WeLink.",
      },
      private: {
        zh: "不允许桥接服务连接 {host}（{address}）：这是内网地址。如确需连接，请由全局管理员把它加入 OUTBOUND_ALLOW 设置，或设置 OUTBOUND_ALLOW_PRIVATE=true（仅对 OA 连接有效）。",
        en: "The bridge may not connect to {host} ({address}): it is a private address. A global administrator can allow it in the OUTBOUND_ALLOW setting, or set OUTBOUND_ALLOW_PRIVATE=true (for OA connections).",
      },
    },
  },
} as const satisfies CodeTable;
