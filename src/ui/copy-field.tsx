/** @jsxImportSource hono/jsx */
import { ta } from "./i18n.ts";
import type { View } from "./session.ts";

/** Served by the admin (admin/routes.tsx); it only un-hides and wires the copy buttons, pages work without it. */
export const COPY_SCRIPT_PATH = "/admin/assets/copy.js";

type CopyFieldProps = { v: View; id: string; label: string; value: string; hint?: string; autofocus?: boolean };

/**
 * A value to copy (a homepage URL, a new API token, a secret shown once): readonly and selected
 * on focus, with a copy button. The button starts hidden and is shown by the script, so a browser
 * without script (or a CSP that refuses it) never sees a dead button.
 */
export function CopyField({ v, id, label, value, hint, autofocus }: CopyFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="buttons">
        <input id={id} class="secret" type="text" readonly autofocus={autofocus} value={value} spellcheck={false} autocomplete="off" aria-describedby={hint ? `${id}-hint` : undefined} data-select-all="" />
        {/* Hidden by the wrapper: `.button` sets `display`, which would override `hidden` on the button itself. */}
        <span hidden>
          <button type="button" class="button secondary" data-copy={id} data-done={ta(v.lang, "copy.done")}>
            {ta(v.lang, "copy.copy")}
          </button>
        </span>
      </div>
      {hint && <div class="hint" id={`${id}-hint`}>{hint}</div>}
      <script src={COPY_SCRIPT_PATH} defer></script>
    </div>
  );
}
