/**
 * `capacity-manager-panel-sizing`: the main card's panel sizing section. Loads the report of
 * `capacity_manager.panel_sizing` when it is first shown: the year's highest 15-minute demand,
 * × 1.25, against the service rating, and the amps that could be added without and with
 * Capacity Manager. Informative, in the spirit of NEC 220.87; not a code calculation.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";

import { formatCurrent, formatDateTime, formatNumber, formatPower } from "./format";
import { localizer } from "./i18n";
import { sectionStyles } from "./section-styles";
import { callWithResponse, failureOf, failureText } from "./service-call";
import { PANEL_SIZING, sizingOf, type SizingView } from "./sizing-model";
import type { HomeAssistant } from "./types";

export const SIZING_TAG = "capacity-manager-panel-sizing";

export class CapacityManagerPanelSizing extends LitElement {
  static override properties = {
    hass: { attribute: false },
    entryId: { attribute: false },
    _view: { state: true },
    _error: { state: true },
    _loading: { state: true },
  };

  hass?: HomeAssistant;
  entryId: string | null = null;
  _view: SizingView | null = null;
  _error: string | null = null;
  _loading = false;
  private _loadedFor: string | null = null;

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has("hass")) {
      const old = changed.get("hass") as HomeAssistant | undefined;
      return !old || old.language !== this.hass?.language;
    }
    return true;
  }

  protected override updated(): void {
    if (this.hass && this.entryId && this._loadedFor !== this.entryId) {
      void this.load();
    }
  }

  async load(): Promise<void> {
    const hass = this.hass;
    const entryId = this.entryId;
    if (!hass || !entryId || this._loading) {
      return;
    }
    this._loadedFor = entryId;
    this._loading = true;
    this._error = null;
    try {
      this._view = sizingOf(await callWithResponse(hass, PANEL_SIZING, { config_entry_id: entryId }));
    } catch (err) {
      this._view = null;
      this._error = await failureText(hass, failureOf(err), localizer(hass.language)("sizing.error"));
    } finally {
      this._loading = false;
    }
  }

  private _renderView(view: SizingView): TemplateResult {
    const localize = localizer(this.hass?.language);
    const lang = this.hass?.locale?.language || this.hass?.language || "en";
    const amps = (a: number | null): string => (a === null ? "—" : formatCurrent(a, lang));
    const zone = this.hass?.config?.time_zone;
    return html`<dl data-role="sizing">
        <dt>${localize(view.hourly ? "sizing.peak_hourly" : "sizing.peak")}</dt>
        <dd class="strong" data-value="peak">${formatPower(view.peakW, lang)}</dd>
        ${view.peakAt
          ? html`<dt></dt>
              <dd class="muted small" data-value="peak-at">${formatDateTime(view.peakAt, lang, zone)}</dd>`
          : nothing}
        <dt>${localize("sizing.design", { factor: formatNumber(view.factor, lang, 2) })}</dt>
        <dd data-value="design">${formatPower(view.designW, lang)}</dd>
        <dt>${localize("sizing.rating")}</dt>
        <dd data-value="rating">${amps(view.ratingA)} · ${formatPower(view.ratingW, lang)}</dd>
        <dt>${localize("sizing.unmanaged")}</dt>
        <dd class="strong" data-value="unmanaged">${amps(view.unmanagedA)}</dd>
        <dt>${localize("sizing.managed")}</dt>
        <dd class="strong" data-value="managed">${amps(view.managedA)}</dd>
      </dl>
      ${view.additionalA !== null && view.additionalA > 0
        ? html`<p class="small" data-role="additional">
            ${localize("sizing.additional", { amps: formatCurrent(view.additionalA, lang) })}
          </p>`
        : nothing}
      ${view.hourly ? html`<p class="muted small">${localize("sizing.hourly_note")}</p>` : nothing}
      ${view.days === null
        ? nothing
        : html`<p class="muted small" data-role="days">${localize("sizing.days", { days: formatNumber(view.days, lang, 0) })}</p>`}`;
  }

  protected override render(): TemplateResult {
    const localize = localizer(this.hass?.language);
    return html`
      <p class="muted small" data-role="informative">${localize("sizing.informative")}</p>
      ${this._loading && !this._view ? html`<p class="muted" data-role="loading">${localize("sizing.loading")}</p>` : nothing}
      ${this._error ? html`<p class="error" role="alert" data-role="error">${this._error}</p>` : nothing}
      ${this._view ? this._renderView(this._view) : nothing}
      <div class="row">
        <button data-action="refresh" ?disabled=${this._loading || !this.entryId} @click=${() => this.load()}>
          ${localize("sizing.refresh")}
        </button>
      </div>
    `;
  }

  static override styles = sectionStyles;
}
