/**
 * `capacity-manager-what-if`: the main card's form for `capacity_manager.simulate`. Choose a
 * period, a candidate limit and the loads, run it, watch the progress, cancel it, and read what
 * would have happened with and without Capacity Manager.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";

import { formatNumber, formatPower } from "./format";
import { localizer, type Localize } from "./i18n";
import { sectionStyles } from "./section-styles";
import { callWithResponse, failureOf, failureText, subscribeEvents } from "./service-call";
import type { HomeAssistant } from "./types";
import { renderResult } from "./what-if-result";
import {
  CANCELLED_KEY,
  defaultForm,
  limitWatts,
  MAX_DAYS,
  progressOf,
  PROGRESS_EVENT,
  resultOf,
  SIMULATE,
  SIMULATE_CANCEL,
  simulateRequest,
  type LoadChoice,
  type Progress,
  type WhatIfForm,
  type WhatIfResult,
} from "./what-if-model";

export const WHAT_IF_TAG = "capacity-manager-what-if";

export class CapacityManagerWhatIf extends LitElement {
  static override properties = {
    hass: { attribute: false },
    entryId: { attribute: false },
    loads: { attribute: false },
    voltsBasis: { attribute: false },
    voltsAssumed: { attribute: false },
    currentLimitW: { attribute: false },
    _form: { state: true },
    _running: { state: true },
    _progress: { state: true },
    _result: { state: true },
    _error: { state: true },
    _cancelled: { state: true },
  };

  hass?: HomeAssistant;
  entryId: string | null = null;
  loads: LoadChoice[] = [];
  voltsBasis = 230;
  voltsAssumed = true;
  currentLimitW: number | null = null;
  _form: WhatIfForm = defaultForm();
  _running = false;
  _progress: Progress | null = null;
  _result: WhatIfResult | null = null;
  _error: string | null = null;
  _cancelled = false;
  private _events = 0;

  /** `hass` changes many times a second; only its language changes what this shows. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has("hass")) {
      const old = changed.get("hass") as HomeAssistant | undefined;
      return !old || old.language !== this.hass?.language;
    }
    return true;
  }

  private get _localize(): Localize {
    return localizer(this.hass?.language);
  }

  private get _lang(): string {
    return this.hass?.locale?.language || this.hass?.language || "en";
  }

  private _set(patch: Partial<WhatIfForm>): void {
    this._form = { ...this._form, ...patch };
    this._error = null;
  }

  private _toggleLoad(ref: string, on: boolean): void {
    const excluded = this._form.excluded.filter((r) => r !== ref);
    this._set({ excluded: on ? excluded : [...excluded, ref] });
  }

  async run(): Promise<void> {
    const hass = this.hass;
    const entryId = this.entryId;
    if (!hass || !entryId || this._running) {
      return;
    }
    const localize = this._localize;
    const request = simulateRequest(this._form, entryId, this.loads, this.voltsBasis, new Date());
    if ("error" in request) {
      this._error = localize(request.error, { days: MAX_DAYS });
      return;
    }
    this._running = true;
    this._error = null;
    this._result = null;
    this._cancelled = false;
    this._events = 0;
    this._progress = { fraction: 0, text: "whatif.progress.start", vars: {} };
    const unsubscribe = await subscribeEvents(hass, PROGRESS_EVENT, (event) => {
      const progress = progressOf(event, entryId);
      if (progress && this._running) {
        this._events += 1;
        this._progress = progress;
      }
    });
    if (!unsubscribe) {
      // No progress events for this user (only administrators may subscribe): just say so.
      this._progress = { fraction: 0, text: "whatif.progress.simulating", vars: {} };
    }
    try {
      this._result = resultOf(await callWithResponse(hass, SIMULATE, request.data));
    } catch (err) {
      const failure = failureOf(err);
      if (failure.key === CANCELLED_KEY) {
        this._cancelled = true;
      } else {
        this._error = await failureText(hass, failure, localize("whatif.error.failed"));
      }
    } finally {
      unsubscribe?.();
      this._running = false;
      this._progress = null;
    }
  }

  async cancel(): Promise<void> {
    if (!this.hass || !this.entryId || !this._running) {
      return;
    }
    try {
      await callWithResponse(this.hass, SIMULATE_CANCEL, { config_entry_id: this.entryId });
    } catch (err) {
      this._error = await failureText(this.hass, failureOf(err), this._localize("whatif.error.failed"));
    }
  }

  private _limitHint(localize: Localize): string {
    const form = this._form;
    if (!form.limit.trim()) {
      return this.currentLimitW === null
        ? localize("whatif.limit_default_plain")
        : localize("whatif.limit_default", { limit: formatPower(this.currentLimitW, this._lang) });
    }
    const watts = limitWatts(form, this.voltsBasis);
    if (form.unit !== "A" || typeof watts !== "number") {
      return "";
    }
    return localize(this.voltsAssumed ? "whatif.amps_assumed" : "whatif.amps", {
      power: formatPower(watts, this._lang),
      volts: formatNumber(this.voltsBasis, this._lang),
    });
  }

  private _renderForm(localize: Localize): TemplateResult {
    const form = this._form;
    const busy = this._running;
    const input = (ev: Event): string => (ev.target as HTMLInputElement).value;
    return html`
      <div class="row">
        <span class="label">${localize("whatif.period")}</span>
        <div class="segmented" role="group" aria-label=${localize("whatif.period")}>
          ${(["last", "range"] as const).map(
            (period) => html`<button
              data-period=${period}
              aria-pressed=${form.period === period ? "true" : "false"}
              ?disabled=${busy}
              @click=${() => this._set({ period })}
            >
              ${localize(period === "last" ? "whatif.period_last" : "whatif.period_range")}
            </button>`,
          )}
        </div>
        ${form.period === "last"
          ? html`<input
                type="number"
                name="days"
                min="1"
                max=${MAX_DAYS}
                step="1"
                aria-label=${localize("whatif.days")}
                .value=${form.days}
                ?disabled=${busy}
                @input=${(ev: Event) => this._set({ days: input(ev) })}
              /><span class="muted">${localize("whatif.days")}</span>`
          : html`<input
                type="date"
                name="start"
                aria-label=${localize("whatif.start")}
                .value=${form.start}
                ?disabled=${busy}
                @input=${(ev: Event) => this._set({ start: input(ev) })}
              /><span class="muted">–</span
              ><input
                type="date"
                name="end"
                aria-label=${localize("whatif.end")}
                .value=${form.end}
                ?disabled=${busy}
                @input=${(ev: Event) => this._set({ end: input(ev) })}
              />`}
      </div>
      <div class="row">
        <label class="label" for="limit">${localize("whatif.limit")}</label>
        <input
          id="limit"
          name="limit"
          inputmode="decimal"
          autocomplete="off"
          placeholder=${this.currentLimitW === null ? "" : formatNumber(this.currentLimitW / 1000, this._lang, 1)}
          .value=${form.limit}
          ?disabled=${busy}
          @input=${(ev: Event) => this._set({ limit: input(ev) })}
        />
        <select
          name="unit"
          aria-label=${localize("whatif.unit")}
          ?disabled=${busy}
          @change=${(ev: Event) => this._set({ unit: input(ev) === "A" ? "A" : "kW" })}
        >
          <option value="kW" ?selected=${form.unit === "kW"}>kW</option>
          <option value="A" ?selected=${form.unit === "A"}>A</option>
        </select>
        <span class="muted small" data-role="limit-hint">${this._limitHint(localize)}</span>
      </div>
      ${this.loads.length
        ? html`<div class="row">
            <span class="label">${localize("whatif.loads")}</span>
            <div class="loads">
              ${this.loads.map(
                (load) => html`<label
                  ><input
                    type="checkbox"
                    data-load=${load.ref}
                    .checked=${!form.excluded.includes(load.ref)}
                    ?disabled=${busy}
                    @change=${(ev: Event) => this._toggleLoad(load.ref, (ev.target as HTMLInputElement).checked)}
                  />${load.name}</label
                >`,
              )}
            </div>
          </div>`
        : nothing}
      <div class="row">
        ${busy
          ? html`<button class="cancel" data-action="cancel" @click=${() => this.cancel()}>${localize("whatif.cancel")}</button>`
          : html`<button class="primary" data-action="run" ?disabled=${!this.entryId} @click=${() => this.run()}>
              ${localize("whatif.run")}
            </button>`}
      </div>
    `;
  }

  private _renderProgress(localize: Localize): TemplateResult | typeof nothing {
    const progress = this._progress;
    if (!progress) {
      return nothing;
    }
    return html`<div data-role="progress" data-stage=${progress.text}>
      <div
        class="bar"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(progress.fraction * 100)}
      >
        <div style="width:${Math.round(progress.fraction * 100)}%"></div>
      </div>
      <span class="muted small">${localize(progress.text, progress.vars)}</span>
    </div>`;
  }

  protected override render(): TemplateResult {
    const localize = this._localize;
    return html`
      <p class="muted small">${localize("whatif.intro")}</p>
      ${this._renderForm(localize)} ${this._renderProgress(localize)}
      ${this._error ? html`<p class="error" role="alert" data-role="error">${this._error}</p>` : nothing}
      ${this._cancelled ? html`<p class="muted" data-role="cancelled">${localize("whatif.cancelled")}</p>` : nothing}
      ${this._result ? renderResult(this._result, this._lang, localize, this._events) : nothing}
    `;
  }

  static override styles = sectionStyles;
}
