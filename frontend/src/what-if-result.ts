/** The outcome of a what-if run: a verdict, managed against unmanaged, energy, EVs, loads. */
import { html, nothing, type TemplateResult } from "lit";

import { formatEnergy, formatNumber, formatPower } from "./format";
import type { Localize, TranslationKey } from "./i18n";
import { formatDuration, type Outcome, type WhatIfResult } from "./what-if-model";

export function renderResult(result: WhatIfResult, lang: string, localize: Localize, progressEvents: number): TemplateResult {
  const limit = formatPower(result.limitW, lang);
  const { managed, unmanaged } = result;
  const duration = (minutes: number): string => formatDuration(minutes, localize);
  const verdict =
    managed.minutesAbove <= 0
      ? localize("whatif.verdict.ok", { limit })
      : localize("whatif.verdict.over", { limit, time: duration(managed.minutesAbove) });
  const compare: [string, string, (o: Outcome) => string][] = [
    ["above", localize("whatif.row.above"), (o) => duration(o.minutesAbove)],
    ["overloads", localize("whatif.row.overloads"), (o) => formatNumber(o.overloads, lang)],
    ["overshoot", localize("whatif.row.overshoot"), (o) => formatPower(o.maxOvershootW, lang)],
    ["energy-above", localize("whatif.row.energy_above"), (o) => formatEnergy(o.energyAboveKwh, lang)],
  ];
  const resolution = Object.entries(result.resolution)
    .map(([kind, days]) => {
      const key = `whatif.resolution.${kind}` as TranslationKey;
      const text = localize(key, { n: days });
      return text === key ? `${kind.replace(/_/g, " ")} (${days} d)` : text; // a kind unknown here
    })
    .join(", ");
  return html`<div
    data-role="result"
    data-start=${result.start ?? ""}
    data-end=${result.end ?? ""}
    data-limit-w=${result.limitW ?? ""}
    data-progress-events=${progressEvents}
  >
    <p class="verdict ${managed.minutesAbove <= 0 ? "ok" : ""}" data-role="verdict">${verdict}</p>
    ${managed.unavoidableMinutes > 0
      ? html`<p class="muted small">${localize("whatif.unavoidable", { time: duration(managed.unavoidableMinutes) })}</p>`
      : nothing}
    <table class="compare">
      <thead>
        <tr>
          <th></th>
          <th>${localize("whatif.managed")}</th>
          <th>${localize("whatif.unmanaged")}</th>
        </tr>
      </thead>
      <tbody>
        ${compare.map(
          ([key, label, value]) => html`<tr data-row=${key}>
            <td>${label}</td>
            <td data-value="managed">${value(managed)}</td>
            <td data-value="unmanaged">${value(unmanaged)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <dl>
      <dt>${localize("whatif.deferred")}</dt>
      <dd data-value="deferred">${formatEnergy(managed.deferredKwh, lang)}</dd>
      <dt>${localize("whatif.unserved")}</dt>
      <dd data-value="unserved">${formatEnergy(managed.unservedKwh, lang)}</dd>
      <dt>${localize("whatif.ev_delayed")}</dt>
      <dd data-value="ev-delayed">
        ${localize("whatif.ev_of", { n: managed.evDelayed, total: managed.evSessions })}
      </dd>
    </dl>
    ${result.perLoad.length
      ? html`<table class="per-load">
          <thead>
            <tr>
              <th>${localize("whatif.load")}</th>
              <th>${localize("whatif.sheds")}</th>
              <th>${localize("whatif.shed_time")}</th>
            </tr>
          </thead>
          <tbody>
            ${result.perLoad.map(
              (load) => html`<tr data-load=${load.name}>
                <td>${load.name}</td>
                <td data-value="sheds">${formatNumber(load.sheds, lang)}</td>
                <td data-value="minutes">${duration(load.minutes)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
    ${result.notSimulated.length
      ? html`<p class="muted small" data-role="not-simulated">
          ${localize("whatif.not_simulated", { loads: result.notSimulated.join(", ") })}
        </p>`
      : nothing}
    ${resolution ? html`<p class="muted small" data-role="resolution">${localize("whatif.history", { days: resolution })}</p>` : nothing}
  </div>`;
}
