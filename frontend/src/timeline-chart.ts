/**
 * The timeline's SVG: power as a filled step line, the limit as a step line on top, shed (▼)
 * and restore (▲) events as marks along the top, hour ticks below and kW ticks on the left.
 * Drawn in real pixels (the card measures its width), so text and strokes stay crisp.
 */
import { css, html, nothing, svg, type TemplateResult } from "lit";

import { clockOf, formatKw, formatPower } from "./format";
import type { Localize } from "./i18n";
import { maxOf, minOf, valueAt, type Point, type TimelineEvent } from "./timeline-data";
import { areaPath, downsample, linePath, stepRuns, timeTicks, yScale } from "./timeline-geometry";
import type { HomeAssistant } from "./types";

export interface ChartData {
  start: number;
  end: number;
  power: Point[];
  limit: Point[];
  events: TimelineEvent[];
}

export interface Hover {
  t: number | null;
  set: (t: number | null) => void;
}

const HEIGHT = 190;
const TOP = 18; // room for the event marks
const BOTTOM = 22; // room for the hour labels
const LEFT = 46;
const RIGHT = 8;

function timeZoneOf(hass: HomeAssistant): string | undefined {
  return clockOf(hass).timeZone;
}

/** Times in the user's language and 12/24-hour choice; `short` for axis ticks. */
function timeFormat(hass: HomeAssistant, short: boolean): Intl.DateTimeFormat {
  const clock = clockOf(hass);
  const options: Intl.DateTimeFormatOptions = {
    hour: short ? "numeric" : "2-digit",
    minute: short ? undefined : "2-digit",
    hour12: clock.hour12,
    timeZone: clock.timeZone,
  };
  try {
    return new Intl.DateTimeFormat(hass.locale?.language || hass.language || "en", options);
  } catch {
    return new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });
  }
}

export function renderChart(
  data: ChartData,
  measuredWidth: number,
  hass: HomeAssistant,
  localize: Localize,
  hover: Hover,
): TemplateResult {
  const lang = hass.locale?.language || hass.language || "en";
  const width = Math.max(measuredWidth - 32, 240); // the card's padding is 16 px a side
  const plotW = width - LEFT - RIGHT;
  const baseY = HEIGHT - BOTTOM;
  const { min, max, ticks } = yScale(maxOf(data.power, data.limit), minOf(data.power, data.limit));
  const span = Math.max(data.end - data.start, 1);
  const x = (t: number): number => LEFT + ((t - data.start) / span) * plotW;
  const y = (w: number): number => baseY - ((Math.max(min, Math.min(w, max)) - min) / (max - min)) * (baseY - TOP);
  const fmt = timeFormat(hass, false);
  const tickFmt = timeFormat(hass, true);
  // One value per 2 px, keeping each bucket's peak: overloads stay visible at any zoom.
  const powerRuns = stepRuns(downsample(data.power, data.start, data.end, plotW / 2), data.start, data.end);
  const limitRuns = stepRuns(data.limit, data.start, data.end);
  const shed = data.events.filter((e) => e.kind === "shed").length;
  const restored = data.events.length - shed;

  if (!powerRuns.length && !limitRuns.length) {
    return html`<div class="message" data-role="empty">${localize("timeline.no_data")}</div>`;
  }

  const onMove = (ev: PointerEvent): void => {
    const box = (ev.currentTarget as SVGElement).getBoundingClientRect();
    const px = ((ev.clientX - box.left) / box.width) * width;
    hover.set(px < LEFT || px > LEFT + plotW ? null : data.start + ((px - LEFT) / plotW) * span);
  };
  const hoverT = hover.t;

  return html`
    <div class="chart">
      <svg
        viewBox="0 0 ${width} ${HEIGHT}"
        width=${width}
        height=${HEIGHT}
        role="img"
        aria-label=${`${localize("timeline.power")} / ${localize("timeline.limit")}`}
        @pointermove=${onMove}
        @pointerleave=${() => hover.set(null)}
      >
        ${ticks.map(
          (v) => svg`<line class=${v === 0 && min < 0 ? "grid zero" : "grid"} x1=${LEFT} x2=${LEFT + plotW} y1=${y(v)} y2=${y(v)}></line>
            <text class="ylabel" x=${LEFT - 6} y=${y(v) + 4}>${formatKw(v, lang)}</text>`,
        )}
        ${timeTicks(data.start, data.end, timeZoneOf(hass), Math.max(2, Math.floor(plotW / 64))).map(
          (t) => svg`<line class="grid vgrid" x1=${x(t)} x2=${x(t)} y1=${TOP} y2=${baseY}></line>
            <text class="xlabel" x=${x(t)} y=${HEIGHT - 6}>${tickFmt.format(t)}</text>`,
        )}
        <path class="power-area" d=${areaPath(powerRuns, x, y, y(0), true)}></path>
        <path class="power-line" data-series="power" d=${linePath(powerRuns, x, y, true)}></path>
        <path class="limit-line" data-series="limit" d=${linePath(limitRuns, x, y)}></path>
        ${data.events.map((e) => {
          const ex = x(e.t);
          const mark = e.kind === "shed" ? `M${ex - 5},${TOP - 12}h10l-5,8z` : `M${ex - 5},${TOP - 4}h10l-5,-8z`;
          return svg`<g class="event ${e.kind}" data-kind=${e.kind} data-entity=${e.entityId}>
            <title>${fmt.format(e.t)} ${e.name}: ${localize(e.kind === "shed" ? "timeline.shed" : "timeline.restored")}</title>
            <line x1=${ex} x2=${ex} y1=${TOP} y2=${baseY}></line>
            <path d=${mark}></path>
          </g>`;
        })}
        ${hoverT === null ? nothing : svg`<line class="cursor" x1=${x(hoverT)} x2=${x(hoverT)} y1=${TOP} y2=${baseY}></line>`}
      </svg>
      ${hoverT === null
        ? nothing
        : html`<div class="readout" style=${x(hoverT) > width / 2 ? `right:${width - x(hoverT) + 8}px` : `left:${x(hoverT) + 8}px`}>
            <b>${fmt.format(hoverT)}</b>
            <span>${localize("timeline.power")}: ${formatPower(valueAt(data.power, hoverT), lang)}</span>
            <span>${localize("timeline.limit")}: ${formatPower(valueAt(data.limit, hoverT), lang)}</span>
          </div>`}
    </div>
    <div class="legend">
      <span><i class="swatch power"></i>${localize("timeline.power")}</span>
      <span><i class="swatch limit"></i>${localize("timeline.limit")}</span>
      <span data-role="event-count"><i class="tri shed">▼</i>${localize("timeline.shed")} ${shed}</span>
      <span><i class="tri restore">▲</i>${localize("timeline.restored")} ${restored}</span>
    </div>
  `;
}

export const timelineStyles = css`
  .subtitle {
    font-size: 13px;
    white-space: nowrap;
  }
  .chart {
    position: relative;
    margin-top: 10px;
    touch-action: pan-y;
  }
  svg {
    display: block;
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  .grid {
    stroke: var(--cm-line);
    stroke-width: 1;
  }
  .vgrid {
    stroke-dasharray: 2 3;
  }
  .grid.zero {
    stroke: var(--cm-muted);
  }
  text {
    fill: var(--cm-muted);
    font-size: 11px;
    font-family: inherit;
  }
  .ylabel {
    text-anchor: end;
  }
  .xlabel {
    text-anchor: middle;
  }
  .power-area {
    fill: color-mix(in srgb, var(--primary-color, #03a9f4) 18%, transparent);
    stroke: none;
  }
  .power-line {
    fill: none;
    stroke: var(--primary-color, #03a9f4);
    stroke-width: 1.5;
    stroke-linejoin: round;
  }
  .limit-line {
    fill: none;
    stroke: var(--cm-over);
    stroke-width: 2;
    stroke-dasharray: 6 4;
  }
  .event line {
    stroke-width: 1;
    opacity: 0.45;
  }
  .event.shed line {
    stroke: var(--cm-over);
  }
  .event.shed path {
    fill: var(--cm-over);
  }
  .event.restore line {
    stroke: var(--cm-ok);
  }
  .event.restore path {
    fill: var(--cm-ok);
  }
  .cursor {
    stroke: var(--cm-text);
    stroke-width: 1;
    opacity: 0.5;
  }
  .readout {
    position: absolute;
    top: ${TOP}px;
    display: flex;
    flex-direction: column;
    gap: 1px;
    padding: 6px 8px;
    border-radius: 8px;
    font-size: 12px;
    white-space: nowrap;
    pointer-events: none;
    color: var(--cm-text);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: 1px solid var(--cm-line);
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.15);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--cm-muted);
  }
  .legend span {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
  }
  .swatch {
    display: inline-block;
    width: 14px;
    height: 3px;
    border-radius: 2px;
  }
  .swatch.power {
    background: var(--primary-color, #03a9f4);
  }
  .swatch.limit {
    background: var(--cm-over);
  }
  .tri {
    font-style: normal;
    font-size: 10px;
  }
  .tri.shed {
    color: var(--cm-over);
  }
  .tri.restore {
    color: var(--cm-ok);
  }
`;
