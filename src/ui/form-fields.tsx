/** @jsxImportSource hono/jsx */
// Form fields beside the shared Field (components.tsx): a select and a monospace text area.

// The same ids as the shared Field, so hints and errors are read out with their input.
const describedBy = (id: string, p: { hint?: string | undefined; error?: string | undefined }) =>
  [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

const HintAndError = ({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) => (
  <>
    {hint && <div class="hint" id={`${id}-hint`}>{hint}</div>}
    {error && <div class="error" id={`${id}-error`}>{error}</div>}
  </>
);

type SelectProps = { name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string | undefined; hint?: string };

export function SelectField(p: SelectProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy(id, p)}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>{o.label}</option>
        ))}
      </select>
      <HintAndError id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

type TextAreaProps = { name: string; label: string; value: string; placeholder?: string; hint?: string; error?: string | undefined; rows?: number };

export function TextAreaField(p: TextAreaProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 12}
        cols={80}
        class="mono"
        spellcheck={false}
        placeholder={p.placeholder}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p)}
      >
        {p.value}
      </textarea>
      <HintAndError id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** Milliseconds as the admins read them: `850 ms`, `2.4 s`. */
export const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
