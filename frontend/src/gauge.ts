/**
 * The main card's top half: site power against the effective limit as a horizontal gauge with
 * restore / target / shed marks, and one bar per phase where phase currents exist.
 */
import { css, html, nothing, type TemplateResult } from "lit";

import { formatCurrent, formatPower } from "./format";
import { localizeValue, type Localize } from "./i18n";
import { renderExportLimit, renderExportOver, renderFlow } from "./flow";
import { gaugeMax, percentOf, type PhaseView, type SiteView } from "./model";

type MarkKind = "restore" | "target" | "shed" | "limit";

const MARK_LABEL = {
  restore: "mark.restore",
  target: "mark.target",
  shed: "mark.shed",
  limit: "mark.limit",
} as const;

function headroomText(view: SiteView, lang: string, localize: Localize): TemplateResult | typeof nothing {
  const exportOver = renderExportOver(view, lang, localize);
  if (exportOver !== nothing) {
    return exportOver;
  }
  if (view.headroomW === null) {
    return nothing;
  }
  if (view.headroomW < 0) {
    return html`<span class="headroom over">${localize("site.over", { value: formatPower(-view.headroomW, lang) })}</span>`;
  }
  return html`<span class="headroom">${localize("site.headroom", { value: formatPower(view.headroomW, lang) })}</span>`;
}

export function renderGauge(view: SiteView, lang: string, localize: Localize): TemplateResult {
  const max = gaugeMax(view);
  const marks: [MarkKind, number | null][] = [
    ["restore", view.restoreW],
    ["target", view.targetW],
    ["shed", view.shedW],
    ["limit", view.limitW],
  ];
  const fill = percentOf(view.powerW, max) ?? 0;
  const overFrom = percentOf(view.limitW, max);
  const limitText = view.limitW === null ? localize("site.no_limit") : localize("site.of_limit", { limit: formatPower(view.limitW, lang) });
  return html`
    <div class="reading">
      <div class="reading-main">
        <span class="big" data-value="site-power">${view.powerW === null ? "—" : formatPower(view.powerW, lang)}</span>
        <span class="muted" data-value="limit">${limitText}</span>
        ${view.limitSource && view.limitSource !== "panel"
          ? html`<span class="source" data-value="limit-source">${localizeValue(localize, "source", view.limitSource)}</span>`
          : nothing}
        ${renderFlow(view, localize)}
      </div>
      ${headroomText(view, lang, localize)}
    </div>
    <div
      class="gauge"
      role="meter"
      aria-label=${localize("site.power")}
      aria-valuemin="0"
      aria-valuemax=${max}
      aria-valuenow=${view.powerW ?? 0}
      aria-valuetext=${`${formatPower(view.powerW, lang)} ${limitText}`}
    >
      ${overFrom === null ? nothing : html`<div class="over-zone" style="left:${overFrom}%"></div>`}
      <div class="fill zone-${view.zone}" style="width:${fill}%"></div>
      ${marks.map(([kind, value]) => {
        const at = percentOf(value, max);
        return at === null
          ? nothing
          : html`<div
              class="mark mark-${kind}"
              data-mark=${kind}
              style="left:${at}%"
              title=${`${localize(MARK_LABEL[kind])} ${formatPower(value, lang)}`}
            ></div>`;
      })}
    </div>
    <div class="legend">
      ${marks
        .filter(([kind, value]) => value !== null && kind !== "limit")
        .map(
          ([kind, value]) =>
            html`<span class="legend-item"><i class="key key-${kind}"></i>${localize(MARK_LABEL[kind])} ${formatPower(value, lang)}</span>`,
        )}
      ${renderExportLimit(view, lang, localize)}
    </div>
  `;
}

function phaseTone(phase: PhaseView): string {
  if (phase.limitA === null || phase.limitA <= 0) {
    return "ok";
  }
  const ratio = phase.currentA / phase.limitA;
  return ratio > 0.95 ? "over" : ratio > 0.85 ? "near" : "ok";
}

export function renderPhases(phases: PhaseView[], lang: string, localize: Localize): TemplateResult | typeof nothing {
  if (!phases.length) {
    return nothing;
  }
  const scale = Math.max(...phases.map((p) => p.limitA ?? p.currentA * 1.2), 1);
  return html`
    <div class="phases" aria-label=${localize("phases.title")}>
      ${phases.map(
        (phase) => html`
          <div class="phase" data-phase=${phase.index}>
            <span class="phase-label">${localize("phases.label", { n: phase.index })}</span>
            <div class="phase-track">
              <div class="phase-fill zone-${phaseTone(phase)}" style="width:${percentOf(phase.currentA, scale)}%"></div>
            </div>
            <span class="phase-value">
              ${formatCurrent(phase.currentA, lang)}${phase.limitA === null ? nothing : html`<span class="muted"> / ${formatCurrent(phase.limitA, lang)}</span>`}
            </span>
          </div>
        `,
      )}
    </div>
  `;
}

export const gaugeStyles = css`
  .reading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 2px 12px;
    margin: 12px 0 8px;
  }
  .reading-main {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 8px;
    min-width: 0;
  }
  .big {
    font-size: 28px;
    font-weight: 500;
    line-height: 1.1;
    letter-spacing: -0.02em;
    font-variant-numeric: tabular-nums;
  }
  .source {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    color: var(--cm-info-text);
    background: color-mix(in srgb, var(--cm-info) 14%, transparent);
  }
  .headroom {
    font-size: 13px;
    color: var(--cm-muted);
  }
  .headroom.over {
    color: var(--cm-over);
    font-weight: 500;
  }
  .gauge {
    position: relative;
    height: 14px;
    margin: 6px 0;
    border-radius: 7px;
    background: var(--cm-track);
  }
  .over-zone {
    position: absolute;
    top: 0;
    bottom: 0;
    right: 0;
    border-radius: 0 7px 7px 0;
    background: repeating-linear-gradient(
      -45deg,
      color-mix(in srgb, var(--cm-over) 22%, transparent) 0 4px,
      transparent 4px 8px
    );
  }
  .fill {
    position: absolute;
    top: 0;
    bottom: 0;
    left: 0;
    border-radius: 7px;
    transition: width 0.6s ease;
  }
  .zone-ok {
    background: var(--cm-ok);
  }
  .zone-near {
    background: var(--cm-near);
  }
  .zone-over {
    background: var(--cm-over);
  }
  .zone-unknown {
    background: var(--cm-muted);
  }
  .mark {
    position: absolute;
    top: -4px;
    bottom: -4px;
    width: 2px;
    margin-left: -1px;
    border-radius: 1px;
  }
  .mark-restore,
  .key-restore {
    background: var(--cm-ok);
  }
  .mark-target,
  .key-target {
    background: var(--cm-near);
  }
  .mark-shed,
  .key-shed {
    background: var(--cm-over);
  }
  .mark-limit {
    top: -6px;
    bottom: -6px;
    width: 3px;
    margin-left: -1.5px;
    background: var(--cm-text);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 14px;
    margin-top: 8px;
    font-size: 12px;
    color: var(--cm-muted);
  }
  .legend-item {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
  }
  .key {
    display: inline-block;
    width: 3px;
    height: 12px;
    border-radius: 1px;
  }
  .phases {
    display: grid;
    gap: 6px;
    margin-top: 14px;
  }
  .phase {
    display: grid;
    grid-template-columns: 2em minmax(0, 1fr) auto;
    align-items: center;
    gap: 10px;
    font-size: 13px;
  }
  .phase-label {
    color: var(--cm-muted);
  }
  .phase-track {
    position: relative;
    height: 8px;
    border-radius: 4px;
    background: var(--cm-track);
    overflow: hidden;
  }
  .phase-fill {
    height: 100%;
    border-radius: 4px;
  }
  .phase-value {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
`;
