/** The admin's whole stylesheet: hand-written, no framework, no web fonts (the box may be offline). */
export const ADMIN_CSS = `
:root {
  --bg: #f5f6f8; --panel: #fff; --text: #1f2329; --muted: #646a73; --line: #dee0e3;
  --brand: #1456f0; --brand-dark: #0e40b8; --danger: #d83931; --ok: #2e7d32; --warn: #b26a00;
  --radius: 6px;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  font-size: 14px; line-height: 1.55; color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--brand); text-decoration: none; }
a:hover { text-decoration: underline; }
h1 { font-size: 20px; margin: 0 0 16px; }
h2 { font-size: 16px; margin: 24px 0 12px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }

.topbar { display: flex; align-items: center; gap: 16px; padding: 0 20px; height: 52px;
  background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 600; font-size: 16px; color: var(--brand); margin-right: auto; }
.topbar form { display: flex; align-items: center; gap: 6px; margin: 0; }
.topbar .who { color: var(--muted); }
.linkbutton { background: none; border: 0; padding: 0; color: var(--brand); cursor: pointer; font: inherit; }
.linkbutton:hover { text-decoration: underline; }

.shell { display: flex; min-height: calc(100vh - 52px); }
.sidenav { width: 236px; flex: none; background: #fff; border-right: 1px solid var(--line); padding: 12px 0; }
.sidenav h2 { font-size: 12px; color: var(--muted); font-weight: 500; margin: 12px 20px 4px; text-transform: uppercase; }
.sidenav ul { list-style: none; margin: 0; padding: 0; }
.sidenav a { display: flex; justify-content: space-between; align-items: center; padding: 7px 20px; color: var(--text); }
.sidenav a:hover { background: #f0f4ff; text-decoration: none; }
.sidenav a[aria-current="page"] { background: #e8effe; color: var(--brand); font-weight: 600; border-right: 3px solid var(--brand); }
.sidenav a > span:first-child { min-width: 0; }
.sidenav .soon { flex: none; white-space: nowrap; margin-left: 8px; font-size: 11px; color: var(--muted); border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; }
main { flex: 1; padding: 24px 32px; max-width: 1100px; min-width: 0; }
main > footer.zone { margin-top: 32px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; }

.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 20px; margin-bottom: 20px; }
.panel > :first-child { margin-top: 0; }
.panel > :last-child { margin-bottom: 0; }
.muted { color: var(--muted); }
.panel.problem { border-left: 4px solid var(--danger); }
.checklist li { margin: 4px 0; }
.spaced { margin-top: 20px; }
form.inline .field { flex: 1 1 160px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.cards a { display: block; background: #fff; border: 1px solid var(--line); border-radius: var(--radius); padding: 14px; color: var(--text); }
.cards a:hover { border-color: var(--brand); text-decoration: none; }

table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 9px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 500; color: var(--muted); background: #fafbfc; white-space: nowrap; }
td.actions, td time, .nowrap { white-space: nowrap; }
.spaced-link { margin-right: 12px; }
/* Long unbroken values (ids, URLs, user agents) wrap instead of widening the page. */
main, td { overflow-wrap: anywhere; }
.table-wrap { max-width: 100%; }
details > code.wrap { display: block; white-space: normal; word-break: break-all; margin-top: 4px; }
td.actions > * + * { margin-left: 10px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); }
.table-wrap tr:last-child td { border-bottom: 0; }

.badge { display: inline-block; font-size: 12px; padding: 0 8px; border-radius: 10px; background: #eef0f3; color: var(--muted); margin-right: 4px; }
.badge.ok { background: #e6f4ea; color: var(--ok); }
.badge.bad { background: #fdecea; color: var(--danger); }
.badge.warn { background: #fff4e0; color: var(--warn); }

.flash { padding: 10px 14px; border-radius: var(--radius); margin-bottom: 16px; border: 1px solid; }
.flash.ok { background: #e6f4ea; border-color: #b7dfc0; color: #1e4620; }
.flash.error { background: #fdecea; border-color: #f5c2bf; color: #7a1f1a; }
.flash.info { background: #eef3fe; border-color: #c4d5fb; color: #1d3a7a; }
.flash.warn { background: #fff4e0; border-color: #f3d19c; color: #663c00; }

form.stack { display: grid; gap: 14px; max-width: 480px; }
form.inline { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
form.inline .buttons { flex-basis: 100%; }
.field label, .field legend { display: block; font-weight: 500; margin-bottom: 4px; }
.field fieldset { border: 0; padding: 0; margin: 0; }
.field .hint { font-size: 12px; color: var(--muted); margin-top: 3px; }
.field .error { font-size: 12px; color: var(--danger); margin-top: 3px; }
.field.invalid input { border-color: var(--danger); }
.term-row { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 10px; } .term-row .field { flex: 1 1 160px; }
fieldset.schedule { border: 1px solid var(--line); border-radius: var(--radius); padding: 10px 16px 14px; margin: 0; display: grid; gap: 14px; min-width: 0; }
fieldset.schedule > legend { font-weight: 500; padding: 0 4px; }
fieldset.schedule > div { display: grid; gap: 14px; }
.schedule:has(select[name=scheduleKind] option[value=none]:checked) :is(.when-period, .when-cron),
.schedule:has(select[name=scheduleKind] option[value=period]:checked) .when-cron,
.schedule:has(select[name=scheduleKind] option[value=cron]:checked) .when-period { display: none; }
.checks label { display: inline-flex; gap: 4px; align-items: center; font-weight: 400; margin-right: 14px; }
input[type=text], input[type=password], input[type=date], input[type=search], select {
  font: inherit; padding: 6px 9px; border: 1px solid #c9cdd4; border-radius: 4px; background: #fff; min-width: 0; width: 100%; }
input:focus, select:focus, button:focus-visible, a:focus-visible { outline: 2px solid #9bb8fb; outline-offset: 1px; }
.topbar select { width: auto; padding: 3px 6px; }
input.secret { font-family: ui-monospace, Menlo, Consolas, monospace; background: #fffdf0; }
.button { display: inline-block; font: inherit; padding: 6px 16px; border-radius: 4px; border: 1px solid var(--brand);
  background: var(--brand); color: #fff; cursor: pointer; }
.button:hover { background: var(--brand-dark); text-decoration: none; }
.button.secondary { background: #fff; color: var(--text); border-color: #c9cdd4; }
.button.small { padding: 2px 10px; font-size: 13px; }
.button.danger { background: var(--danger); border-color: var(--danger); }
.buttons { display: flex; gap: 10px; align-items: center; }
.danger-text { color: var(--danger); }
pre.change { margin: 0; white-space: pre-wrap; word-break: break-all; font-size: 12px; max-width: 420px; }
ul.change { margin: 0; padding: 0; list-style: none; font-size: 13px; min-width: 240px; }
ul.change li + li { margin-top: 2px; }
.change .field-name { color: var(--muted); }
.change del { color: var(--danger); text-decoration: none; }
.change ins { color: var(--ok); text-decoration: none; }

textarea { width: 100%; max-width: 760px; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; padding: 8px;
  border: 1px solid #c9cdd4; border-radius: 4px; }
textarea:focus { outline: 2px solid var(--brand); outline-offset: -1px; }
.dept-tree ul { list-style: none; margin: 0; padding-left: 18px; border-left: 1px dashed var(--line); }
.dept-tree > ul { padding-left: 0; border-left: 0; }
.dept-tree li { padding: 2px 0; }
.dept-tree a[aria-current] { background: #e8f0fe; border-radius: 3px; padding: 0 4px; }
.plan { display: inline-block; font-size: 12px; padding: 0 7px; border-radius: 10px; margin-right: 6px; color: #fff; white-space: nowrap; }
.plan-match { background: #ef6c00; }
.plan-create { background: #7b1fa2; }
.plan-move { background: #1565c0; }
.plan-update { background: #00897b; }
.plan-remove { background: #d32f2f; }
.plan-skip { background: #8a8f98; }
.plan-people { font-size: 13px; }
.plan-counts a { margin-right: 10px; }

.login { max-width: 380px; margin: 10vh auto 0; }
.login .panel { padding: 28px; }
.login header { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 16px; }
.login .button { width: 100%; }

@media (max-width: 760px) {
  .shell { flex-direction: column; }
  .sidenav { width: auto; border-right: 0; border-bottom: 1px solid var(--line); }
  main { padding: 16px; }
  .topbar { flex-wrap: wrap; height: auto; padding: 8px 16px; }
}
`;

/** Changes whenever the CSS does, so the stylesheet can be cached for a year. */
export const ADMIN_CSS_VERSION = Bun.hash(ADMIN_CSS).toString(36);
export const ADMIN_CSS_PATH = `/admin/assets/admin.css?v=${ADMIN_CSS_VERSION}`;
