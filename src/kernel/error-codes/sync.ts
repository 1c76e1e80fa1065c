import type { CodeTable } from "./types.ts";

/** Syncs both ways (WeLink → bridge pulls and callbacks, OA → WeLink pushes) and their runs. */
export const SYNC_CODES = {
  SYNC_APP_REQUIRED: {
    status: 409,
    zh: "WeLink 企业“{corp}”还没有指定同步应用：请先在企业设置中选择一个（API：PATCH /corps/{corpId}，设置 syncAppId），再{step}。",
    en: "The WeLink enterprise '{corp}' has no sync app: choose one (PATCH /corps/{corpId} with syncAppId) before {step}.",
  },
  CORP_READ_ONLY: {
    status: 409,
    zh: "WeLink 企业“{corp}”对桥接服务是只读的：请先把它的通讯录权限改为“读写”（API：PATCH /corps/{corpId}，contactPermission 设为 \"read-write\"），再把 OA 推送到 WeLink。",
    en: "The WeLink enterprise '{corp}' is read-only for the bridge: set its contact permission to read-write (PATCH /corps/{corpId} with contactPermission \"read-write\") before pushing the OA to WeLink.",
    variants: {
      edit: {
        zh: "WeLink 企业“{corp}”对桥接服务是只读的：它的组织架构只能在这里绑定，不能修改（部门和人员请在 WeLink 管理后台维护）。如需在桥接服务中修改，请先把它的通讯录权限改为“读写”（API：PATCH /corps/{corpId}，contactPermission 设为 \"read-write\"）。",
        en: "The WeLink enterprise '{corp}' is read-only for the bridge: its organisation can be bound here but not edited (edit departments and people in WeLink's admin console). To edit it from the bridge, set its contact permission to read-write (PATCH /corps/{corpId} with contactPermission \"read-write\").",
      },
    },
  },
  ORG_DEPT_NOT_EMPTY: {
    status: 409,
    zh: "部门「{name}」下还有 {people} 个人员、{depts} 个子部门，不能删除：如果部门下有用户，不能直接删除，需要先删除用户后再删除部门（子部门同理）。",
    en: "The department 「{name}」 still has {people} people and {depts} sub-departments, so it cannot be deleted: WeLink does not delete a department with people in it. Delete or move its people (and sub-departments) first, then the department.",
  },
  ORG_EDIT_UNCONFIRMED: {
    status: 409,
    zh: "删除或停用「{name}」无法撤销，只在确认后执行：请先查看计划（preview），再带上 confirm: true 重新提交。",
    en: "Removing or disabling 「{name}」 cannot be undone, so it runs only when confirmed: look at the plan (preview) first, then send it again with confirm: true.",
  },
  ORG_EDIT_FAILED: {
    status: 502,
    zh: "WeLink 没有执行对「{name}」的修改：{error}",
    en: "WeLink did not make the change to 「{name}」: {error}",
  },
  ORG_EDIT_NOTHING: {
    status: 400,
    zh: "对「{name}」的修改没有改变任何内容：名称和上级部门都与现在相同。",
    en: "The edit of 「{name}」 changes nothing: its name and parent department are as they are now.",
  },
  PULL_RUNNING: {
    status: 409,
    zh: "这个企业已有一次拉取正在进行，请等它结束后再试。",
    en: "A pull of this enterprise is already running; wait for it to finish.",
  },
  SYNC_DIRECTION_BUSY: {
    status: 409,
    zh: "这个企业的组织同步正在进行（{runKind}），不能在进行中切换方向：请等它结束后再切换。",
    en: "An organisation sync of this enterprise is in progress ({runKind}); its direction cannot change mid-run. Wait for it to finish, then switch.",
  },
  SYNC_DIRECTION_OTHER: {
    status: 409,
    zh: "这个企业的组织同步方向是“WeLink → OA”：OA 到 WeLink 的推送已停用。如需推送，请先在同步设置中把方向改为“OA → WeLink”。",
    en: "This enterprise's organisation sync goes WeLink → OA, so pushing the OA to WeLink is off. Switch the direction to OA → WeLink in its sync settings first.",
    variants: {
      writeback: {
        zh: "这个企业的组织同步方向是“OA → WeLink”：写回 OA 已停用。如需写回，请先在同步设置中把方向改为“WeLink → OA”。",
        en: "This enterprise's organisation sync goes OA → WeLink, so writing back to the OA is off. Switch the direction to WeLink → OA in its sync settings first.",
      },
    },
  },
  PUSH_RUNNING: {
    status: 409,
    zh: "已有一次到这个 WeLink 企业的推送正在进行，请等它结束后再试。",
    en: "A push to this WeLink enterprise is already running; wait for it to finish.",
  },
  PUSH_INTERRUPTED: { status: 409, zh: "推送在保存计划之前被中断，请重新运行。", en: "interrupted before its plan was stored; run it again" },
  PLAN_STALE: {
    status: 409,
    zh: "生成这份计划之后，WeLink 或 OA 的数据已有变化：请重新预演，再应用新的计划。",
    en: "WeLink or the OA changed since this plan was made; make a new dry run.",
  },
  TOP_DEPT_NOT_FOUND: {
    status: 409,
    zh: "选定用来挂载 OA 组织的顶级部门「{name}」在 WeLink 中不存在：请重新拉取 WeLink 通讯录，或另选一个顶级部门。",
    en: "The top department 「{name}」 chosen to mount the OA under is not in WeLink: pull WeLink again, or choose another top department.",
  },
  TOP_LEVEL_MISMATCH: {
    status: 409,
    zh: "OA 的顶级部门「{oa}」与 WeLink 的顶级部门「{welink}」名称不一致：请改其中一方的名称，或选定一个 WeLink 部门来挂载 OA 组织。",
    en: "The OA's top department 「{oa}」 does not match WeLink's top department 「{welink}」: rename one of them, or choose a top department to mount the OA under.",
  },
  RUN_NOT_HELD: {
    status: 409,
    zh: "这次同步的状态是“{runStatus}”：只有已暂停、待审批的同步，才能批准或驳回其中的删除。",
    en: "This run is {runStatus}; only a held run's removals can be approved or dismissed.",
  },
  RUN_NOT_APPLICABLE: {
    status: 409,
    zh: "这次推送的状态是“{runStatus}”：这里只能应用预演保存的计划（状态为“已预演、待应用”）。",
    en: "This push run is {runStatus}; only a dry run's stored plan (status planned) can be applied here.",
    variants: {
      held: { zh: "这次推送的状态是“{runStatus}”：这里只能批准已暂停、待审批的推送。", en: "This push run is {runStatus}; only a held run can be applied here." },
    },
  },
  RUN_SUPERSEDED: {
    status: 409,
    zh: "这个企业已有一次更新的{runKind}：请处理那一次暂停的变更（如果有）。",
    en: "A newer {runKind} of this enterprise exists; its own held changes (if any) are the ones to decide.",
    variants: {
      apply: {
        zh: "这个企业已有一次更新的推送：请重新预演，并应用新的计划。",
        en: "A newer push to this enterprise exists; make a new dry run and apply that one.",
      },
    },
  },
  RUN_INCOMPLETE: {
    status: 409,
    zh: "这次同步有 {failed} 页数据没能从 WeLink 读到，其中 {removed} 个删除可能针对的是没读到的人。请驳回这次同步，等 WeLink 恢复后重新拉取。",
    en: "This run could not read {failed} page(s) from WeLink, so its {removed} removal(s) may be people it never read. Dismiss it and pull again once WeLink answers.",
    variants: {
      push: {
        zh: "这次推送因为有一方的数据没能完整读取（原因见暂停说明）而暂停了删除，批准可能会删除仍然在职的人员。请驳回这次推送，等两边都能正常读取后再推送。",
        en: "This run held its removals because one side could not be read in full (its held reason says which); they may remove people who are still there. Dismiss it and push again once both sides answer.",
      },
    },
  },
  CALLBACK_INVALID: { status: 400, zh: "回调内容不是 WeLink 事件：{why}。", en: "The callback is not a WeLink event: {why}." },
  CALLBACK_UNAUTHENTICATED: {
    status: 401,
    zh: "回调内容无法用此应用的密钥解密：请核对桥接服务中该应用的 client_secret。",
    en: "The callback does not decrypt with this app's secret: check the app's client secret in the bridge.",
  },
  CALLBACK_STALE: {
    status: 401,
    zh: "回调缺少时间戳，或与桥接服务的时钟相差超过 30 分钟（防重放）：请检查服务器时间是否准确。",
    en: "The callback's timestamp is missing or more than 30 minutes off the bridge's clock (replay guard).",
  },
} as const satisfies CodeTable;
