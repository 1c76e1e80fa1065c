import { defineMessages } from "./i18n.ts";

/**
 * What a run says that is not an error answer: held reasons, why a change was (not) applied,
 * why a page was not read. Stored as a key with params (see said.ts) and rendered in the
 * reader's language; the JSON API gives the English text.
 */
export const sayRun = defineMessages(
  {
    "held.pagesFailed": "有 {count} 页数据没能从 WeLink 读取，看起来被删除的对象可能只是没有读到，因此删除已暂停。",
    "held.peopleFell": "人数从 {last} 减少到 {now}，比上次成功拉取减少超过 {pct}%，因此删除已暂停。",
    "held.deptsFell": "部门数从 {last} 减少到 {now}，比上次成功拉取减少超过 {pct}%，因此删除已暂停。",
    "change.held": "已暂停：等待管理员批准或忽略",
    "change.deleted": "已删除：WeLink 中已没有",
    "change.marked": "已标记为删除：WeLink 中已没有",
    "change.leftScope": "已移到拉取范围之外：WeLink 中仍有，因此保留并按 WeLink 更新，不删除",
    "fail.confirm": "没能向 WeLink 确认 {objectId} 是否仍存在：{error}",
    "fail.unconfirmed": "范围内缺少的对象超过 {limit} 个，其余 {count} 个没有向 WeLink 确认",
    "fail.depts": "读取部门列表时在第 {count} 个部门之后中断：{error}",
    "fail.members": "没能读取部门 {deptCode} 的人员：{error}",
    "run.interrupted": "桥接服务在这次{runKind}进行中停止了（进程被终止或重启），同步没有完成；已写入的变更保留。请重新运行一次。",
    "run.legacy": "{text}",
  },
  {
    "held.pagesFailed": "{count} page(s) failed to load from WeLink, so what looks removed may only be missing; the removals are held.",
    "held.peopleFell": "People fell from {last} to {now}, more than {pct} % since the last good run; the removals are held.",
    "held.deptsFell": "Departments fell from {last} to {now}, more than {pct} % since the last good run; the removals are held.",
    "change.held": "held: waiting for an administrator to approve or dismiss",
    "change.deleted": "deleted: WeLink no longer has it",
    "change.marked": "marked removed: WeLink no longer has it",
    "change.leftScope": "moved outside the pull scope: WeLink still has it, so it is kept and updated from WeLink, not removed",
    "fail.confirm": "could not confirm with WeLink whether {objectId} still exists: {error}",
    "fail.unconfirmed": "more than {limit} objects are missing inside the scope; the other {count} were not confirmed with WeLink",
    "fail.depts": "listing departments stopped after {count}: {error}",
    "fail.members": "people of department {deptCode} could not be read: {error}",
    "run.interrupted": "The bridge stopped while this {runKind} was running (the process was killed or restarted), so it did not finish; the changes already written stay. Run it again.",
    "run.legacy": "{text}",
  },
);
