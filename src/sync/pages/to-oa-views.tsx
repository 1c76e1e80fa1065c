/** @jsxImportSource hono/jsx */
import { Flash, PostForm, type View } from "../../ui/index.ts";
import type { RunView } from "../run-view.ts";
import type { WritebackAbility } from "../to-oa/ability.ts";
import { DIRECTIONS, type Direction } from "../to-oa/direction.ts";
import { tw } from "./i18n-to-oa.ts";
import { RunTable } from "./run-views.tsx";

/** The direction as an explicit choice: each side with a sentence of what it means, never both. */
export function DirectionForm({ v, action, direction, error }: { v: View; action: string; direction: Direction; error?: string }) {
  return (
    <PostForm v={v} action={action} class="panel stack" label={tw(v.lang, "dir.title")}>
      <p class="muted">{tw(v.lang, "dir.intro")}</p>
      <div class={error ? "field invalid" : "field"}>
        <fieldset>
          <legend>{tw(v.lang, "dir.current", { dir: tw(v.lang, `dir.${direction}`) })}</legend>
          {DIRECTIONS.map((d) => (
            <p>
              <label>
                <input type="radio" name="direction" value={d} checked={direction === d} /> <strong>{tw(v.lang, `dir.${d}`)}</strong>
              </label>
              <br />
              <span class="muted">{tw(v.lang, `dir.${d}Hint`)}</span>
            </p>
          ))}
        </fieldset>
        {error && <div class="error">{error}</div>}
      </div>
      <p class="hint">{tw(v.lang, "dir.busyHint")}</p>
      <div class="buttons">
        <button type="submit" class="button">{tw(v.lang, "dir.save")}</button>
      </div>
    </PostForm>
  );
}

/** Simulate and write now, or, when the OA connection cannot be written, the reason in words instead. */
function WritebackButtons({ v, action, ability }: { v: View; action: string; ability: WritebackAbility }) {
  if (!ability.can) {
    return (
      <Flash kind="warn">
        {tw(v.lang, "wb.cannot")} <span data-reason={ability.reason}>{tw(v.lang, `wb.cannot.${ability.reason}`)}</span>{" "}
        <a href="/admin/oa/connection">{tw(v.lang, "wb.connection")}</a>
      </Flash>
    );
  }
  return (
    <div class="panel">
      <p class="muted">{tw(v.lang, "wb.runsHint")}</p>
      <div class="buttons">
        <PostForm v={v} action={action}>
          <input type="hidden" name="dryRun" value="true" />
          <button type="submit" class="button secondary">{tw(v.lang, "wb.simulate")}</button>
        </PostForm>
        <PostForm v={v} action={action}>
          <input type="hidden" name="dryRun" value="false" />
          <button type="submit" class="button">{tw(v.lang, "wb.runNow")}</button>
        </PostForm>
      </div>
    </div>
  );
}

type SectionProps = { v: View; action: string; ability: WritebackAbility; runs: RunView[]; href: (id: string) => string };

/** The write-back section of a WeLink → OA corp's settings: what it does, its buttons, its recent runs. */
export function WritebackSection({ v, action, ability, runs, href }: SectionProps) {
  return (
    <section id="writeback">
      <h2>{tw(v.lang, "wb.title")}</h2>
      <p class="muted">{tw(v.lang, "wb.intro")}</p>
      <p class="muted">{tw(v.lang, "wb.guards")}</p>
      <WritebackButtons v={v} action={action} ability={ability} />
      <h3>{tw(v.lang, "wb.recent")}</h3>
      {runs.length === 0 ? <p class="muted">{tw(v.lang, "wb.noRuns")}</p> : <RunTable v={v} runs={runs} href={href} />}
    </section>
  );
}
