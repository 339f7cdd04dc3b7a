/**
 * Visual editors for both cards: an `ha-form` schema, so HA draws its own pickers (config
 * entry, device, text, switches, number) and the editors look like every built-in one.
 */
import { css, html, LitElement, nothing, type TemplateResult } from "lit";

import { PLATFORM } from "./discovery";
import { ensureHaForm, fireEvent } from "./ha-helpers";
import { localizer, type TranslationKey } from "./i18n";
import type { FormSchema, HomeAssistant } from "./types";

type EditableConfig = Record<string, unknown> & { type: string };

const SOURCE_SCHEMA: FormSchema[] = [
  { name: "entry_id", selector: { config_entry: { integration: PLATFORM } } },
  // Only the panel device has the mode select; load devices would show an empty card.
  { name: "device_id", selector: { device: { entity: [{ integration: PLATFORM, domain: "select" }] } } },
  { name: "title", selector: { text: {} } },
];

abstract class CardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
  };

  hass?: HomeAssistant;
  _config?: EditableConfig;

  /** Keys shown as switches that are on unless the config turns them off. */
  protected defaults: Record<string, unknown> = {};

  protected abstract get schema(): FormSchema[];

  setConfig(config: EditableConfig): void {
    this._config = { ...config };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void ensureHaForm().then(() => this.requestUpdate());
  }

  private _changed(ev: CustomEvent<{ value: Record<string, unknown> }>): void {
    ev.stopPropagation();
    if (!this._config) {
      return;
    }
    const config: EditableConfig = { type: this._config.type };
    for (const [key, value] of Object.entries({ ...this._config, ...ev.detail.value })) {
      const unset = value === undefined || value === null || value === "";
      if (key !== "type" && !unset && this.defaults[key] !== value) {
        config[key] = value;
      }
    }
    this._config = config;
    fireEvent(this, "config-changed", { config });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this._config) {
      return nothing;
    }
    const localize = localizer(this.hass.language);
    return html`<ha-form
      .hass=${this.hass}
      .data=${{ ...this.defaults, ...this._config }}
      .schema=${this.schema}
      .computeLabel=${(entry: FormSchema) => localize(`editor.${entry.name}` as TranslationKey)}
      @value-changed=${this._changed}
    ></ha-form>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
  `;
}

export class CapacityManagerCardEditor extends CardEditor {
  protected override defaults = {
    show_phases: true,
    show_loads: true,
    show_controls: true,
    show_what_if: true,
    show_sizing: true,
  };

  protected override get schema(): FormSchema[] {
    return [
      ...SOURCE_SCHEMA,
      { name: "show_phases", selector: { boolean: {} } },
      { name: "show_loads", selector: { boolean: {} } },
      { name: "show_controls", selector: { boolean: {} } },
      { name: "show_what_if", selector: { boolean: {} } },
      { name: "show_sizing", selector: { boolean: {} } },
    ];
  }
}

export class CapacityManagerTimelineCardEditor extends CardEditor {
  protected override defaults = { hours_to_show: 24 };

  protected override get schema(): FormSchema[] {
    return [
      ...SOURCE_SCHEMA,
      {
        name: "hours_to_show",
        selector: { number: { min: 1, max: 168, step: 1, mode: "box", unit_of_measurement: "h" } },
      },
    ];
  }
}
