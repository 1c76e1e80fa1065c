/**
 * The admin's only script: shows the copy buttons next to read-only fields (CopyField) and wires
 * them, and selects such a field's text on focus. Pages work without it (the value stays
 * selectable). Loaded by each CopyField of a page: it marks the buttons it wired, so a second
 * copy of the script does nothing twice.
 */
export const COPY_SCRIPT = `"use strict";
for (const input of document.querySelectorAll("input[data-select-all]:not([data-wired])")) {
  input.dataset.wired = "";
  input.addEventListener("focus", () => input.select());
}
for (const button of document.querySelectorAll("button[data-copy]:not([data-wired])")) {
  button.dataset.wired = "";
  const input = document.getElementById(button.dataset.copy || "");
  if (!input) continue;
  const label = button.textContent;
  const wrapper = button.closest("[hidden]");
  if (wrapper) wrapper.hidden = false;
  button.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand("copy");
    }
    button.textContent = button.dataset.done || label;
    setTimeout(() => (button.textContent = label), 1500);
  });
}
`;
