/**
 * `capacity-manager-card`: how close the home is to its limit, which loads are held and why,
 * and the two controls a user needs at a glance (mode, restore all).
 */
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";

import { DiscoveryCache, deviceName, firstSource, type Discovered } from "./discovery";
import { flowStyles } from "./flow";
import { clockOf } from "./format";
import { renderGauge, renderPhases, gaugeStyles } from "./gauge";
import { showMoreInfo } from "./ha-helpers";
import { localizeValue, localizer, type Localize } from "./i18n";
import { renderLadder, ladderStyles } from "./ladder";
import { ampsBasis, hasHeldLoads, siteView, type SiteView } from "./model";
import { toolStyles } from "./section-styles";
import { entryIdOf } from "./service-call";
import { cardStyles, statusTone } from "./styles";
import type { CardConfig, HomeAssistant } from "./types";
import type { LoadChoice } from "./what-if-model";

type Tool = "what-if" | "sizing";

export const CARD_TAG = "capacity-manager-card";
export const EDITOR_TAG = "capacity-manager-card-editor";

/** Reject a config HA should show as an error card, with a message that says what is wrong. */
export function checkSource(config: unknown): asserts config is CardConfig {
  if (!config || typeof config !== "object") {
    throw new Error("Invalid configuration: expected a mapping.");
  }
  for (const key of ["entry_id", "device_id", "title"] as const) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new Error(`Invalid configuration: ${key} must be text.`);
    }
  }
}

export class CapacityManagerCard extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _opened: { state: true },
  };

  hass?: HomeAssistant;
  _config?: CardConfig;
  /** Tool sections opened once: their content stays (a result survives closing them). */
  _opened: ReadonlySet<Tool> = new Set();
  private _cache = new DiscoveryCache();

  static getConfigElement(): HTMLElement {
    return document.createElement(EDITOR_TAG);
  }

  static getStubConfig(hass?: HomeAssistant): CardConfig {
    return { type: `custom:${CARD_TAG}`, ...firstSource(hass) };
  }

  setConfig(config: CardConfig): void {
    checkSource(config);
    this._config = { ...config };
  }

  getCardSize(): number {
    const loads = this._discover()?.loads.length ?? 0;
    const tools = (this._config?.show_what_if === false ? 0 : 1) + (this._config?.show_sizing === false ? 0 : 1);
    return 3 + Math.ceil(loads * 0.8) + (this._config?.show_controls === false ? 0 : 1) + Math.ceil(tools / 2);
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6 };
  }

  private _discover(): Discovered | null {
    return this._cache.get(this.hass, this._config);
  }

  /** Skip renders when none of our entities changed (hass changes on every state in HA). */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size !== 1 || !changed.has("hass")) {
      return true;
    }
    const old = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    if (!old || !hass || old.entities !== hass.entities || old.devices !== hass.devices || old.language !== hass.language) {
      return true;
    }
    const found = this._discover();
    if (!found) {
      return true;
    }
    const ids = [
      ...Object.values(found.site),
      ...found.loads.flatMap((load) => Object.values(load.entities)),
    ];
    return ids.some((id) => old.states[id as string] !== hass.states[id as string]);
  }

  private async _selectMode(view: SiteView, option: string): Promise<void> {
    if (!this.hass || !view.modeEntity || option === view.mode) {
      return;
    }
    await this.hass.callService("select", "select_option", { entity_id: view.modeEntity, option });
  }

  private async _restoreAll(view: SiteView): Promise<void> {
    if (!this.hass || !view.restoreEntity) {
      return;
    }
    await this.hass.callService("button", "press", { entity_id: view.restoreEntity });
  }

  private _renderControls(view: SiteView, localize: Localize): TemplateResult | typeof nothing {
    if (this._config?.show_controls === false || (!view.modeEntity && !view.restoreEntity)) {
      return nothing;
    }
    return html`
      <div class="controls">
        ${view.modeEntity
          ? html`<div class="modes" role="group" aria-label=${localize("mode.title")}>
              ${view.modeOptions.map(
                (option) => html`<button
                  class="mode"
                  data-option=${option}
                  aria-pressed=${option === view.mode ? "true" : "false"}
                  ?disabled=${!view.modeAvailable}
                  @click=${() => this._selectMode(view, option)}
                >
                  ${localizeValue(localize, "mode", option)}
                </button>`,
              )}
            </div>`
          : nothing}
        ${view.restoreEntity
          ? html`<button
              class="restore"
              title=${localize("action.restore_all_hint")}
              ?disabled=${!view.restoreAvailable || !hasHeldLoads(view)}
              @click=${() => this._restoreAll(view)}
            >
              ${localize("action.restore_all")}
            </button>`
          : nothing}
      </div>
    `;
  }

  private _toggled(tool: Tool, ev: Event): void {
    if ((ev.target as HTMLDetailsElement).open && !this._opened.has(tool)) {
      this._opened = new Set([...this._opened, tool]);
    }
  }

  /** The what-if form and the panel sizing report, each folded until the user opens it. */
  private _renderTools(found: Discovered, view: SiteView, localize: Localize): TemplateResult | typeof nothing {
    const config = this._config;
    const hass = this.hass;
    if (!config || !hass || (config.show_what_if === false && config.show_sizing === false)) {
      return nothing;
    }
    const entryId = entryIdOf(hass, config.entry_id, found.panelDeviceId);
    const loads: LoadChoice[] = found.loads.map((load) => ({
      // The service knows a load by its configured name: the device's own name, not a rename.
      ref: (load.deviceId ? hass.devices[load.deviceId]?.name : null) || load.name,
      name: load.name,
    }));
    const basis = ampsBasis(hass, found);
    const section = (tool: Tool, title: string, hint: string, body: () => TemplateResult): TemplateResult => html`
      <details class="tool" data-section=${tool} @toggle=${(ev: Event) => this._toggled(tool, ev)}>
        <summary><span class="section-title">${title}</span><span class="muted">${hint}</span></summary>
        ${this._opened.has(tool) ? body() : nothing}
      </details>
    `;
    return html`<div class="tools">
      ${config.show_what_if === false
        ? nothing
        : section(
            "what-if",
            localize("whatif.title"),
            localize("whatif.hint"),
            () => html`<capacity-manager-what-if
              .hass=${hass}
              .entryId=${entryId}
              .loads=${loads}
              .voltsBasis=${basis.volts}
              .voltsAssumed=${basis.assumed}
              .currentLimitW=${view.limitW}
            ></capacity-manager-what-if>`,
          )}
      ${config.show_sizing === false
        ? nothing
        : section(
            "sizing",
            localize("sizing.title"),
            localize("sizing.hint"),
            () => html`<capacity-manager-panel-sizing .hass=${hass} .entryId=${entryId}></capacity-manager-panel-sizing>`,
          )}
    </div>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this._config || !this.hass) {
      return nothing;
    }
    const lang = this.hass.locale?.language || this.hass.language || "en";
    const localize = localizer(this.hass.language);
    const found = this._discover();
    const title = this._config.title || deviceName(found?.panelDeviceId ? this.hass.devices[found.panelDeviceId] : undefined) || localize("card.name");
    if (!found) {
      return html`<ha-card><div class="header"><span class="title">${title}</span></div>
        <div class="message" data-role="error">${localize("error.not_found")}</div></ha-card>`;
    }
    if (!found.site.site_power && !found.site.effective_limit) {
      return html`<ha-card><div class="header"><span class="title">${title}</span></div>
        <div class="message" data-role="error">${localize("error.no_entities")}</div></ha-card>`;
    }
    const view = siteView(this.hass, found);
    const status = view.status ?? "unknown";
    return html`
      <ha-card>
        <div class="header">
          <span class="title">${title}</span>
          <span class="chip tone-${statusTone(view.status)}" data-role="site-status" data-status=${status}
            >${localizeValue(localize, "status", status)}</span
          >
        </div>
        ${renderGauge(view, lang, localize)}
        ${this._config.show_phases === false ? nothing : renderPhases(view.phases, lang, localize)}
        ${this._config.show_loads === false
          ? nothing
          : renderLadder(view.loads, lang, localize, (entityId) => showMoreInfo(this, entityId), clockOf(this.hass))}
        ${this._renderControls(view, localize)} ${this._renderTools(found, view, localize)}
      </ha-card>
    `;
  }

  static override styles = [
    cardStyles,
    gaugeStyles,
    flowStyles,
    ladderStyles,
    toolStyles,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 10px;
        margin-top: 14px;
        padding-top: 12px;
        border-top: 1px solid var(--cm-line);
      }
      button {
        font: inherit;
        font-size: 14px;
        font-weight: 500;
        min-height: 36px;
        padding: 0 14px;
        border-radius: 18px;
        cursor: pointer;
        color: var(--cm-text);
        background: transparent;
        border: 1px solid var(--cm-line);
      }
      button:disabled {
        cursor: default;
        opacity: 0.45;
      }
      button:focus-visible {
        outline: 2px solid var(--primary-color, #03a9f4);
        outline-offset: 2px;
      }
      .modes {
        display: inline-flex;
        max-width: 100%;
        border: 1px solid var(--cm-line);
        border-radius: 18px;
        overflow: hidden;
      }
      .mode {
        border: none;
        border-radius: 0;
        min-width: 0;
        padding: 0 12px;
      }
      .mode + .mode {
        border-left: 1px solid var(--cm-line);
      }
      .mode[aria-pressed="true"] {
        color: var(--text-primary-color, #fff);
        background: var(--primary-color, #03a9f4);
      }
      .restore {
        color: var(--primary-color, #03a9f4);
        border-color: color-mix(in srgb, var(--primary-color, #03a9f4) 55%, transparent);
      }
    `,
  ];
}
