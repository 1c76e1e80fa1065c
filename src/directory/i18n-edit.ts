/** Strings of the directory page's links to organisation edits (the edit pages are src/sync/org-edit/). */
export const zh = {
  "edit.dept": "修改",
  "edit.newDept": "新建部门",
  "edit.newPerson": "新建人员",
  "edit.person": "修改",
  "edit.readOnly": "只读企业",
  "done.orgEdited": "已写入 WeLink，本地通讯录已更新。",
};

export const en: Record<keyof typeof zh, string> = {
  "edit.dept": "Edit",
  "edit.newDept": "New department",
  "edit.newPerson": "New person",
  "edit.person": "Edit",
  "edit.readOnly": "Read-only enterprise",
  "done.orgEdited": "Written to WeLink; the local directory is updated.",
};
