/**
 * The small part of Home Assistant's frontend `hass` object the cards use.
 * Written by hand (HA ships no types package); only fields we read are listed.
 */

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
}

/** An entity registry display entry (`hass.entities`). */
export interface EntityEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  name?: string | null;
  hidden?: boolean;
}

/** A device registry entry (`hass.devices`). */
export interface DeviceEntry {
  id: string;
  name?: string | null;
  name_by_user?: string | null;
  config_entries?: string[];
  via_device_id?: string | null;
}

export interface HassEvent {
  event_type: string;
  data: Record<string, unknown>;
}

export interface HassConnection {
  sendMessagePromise<T = unknown>(message: Record<string, unknown>): Promise<T>;
  /** home-assistant-js-websocket: resolves to the unsubscribe function. */
  subscribeEvents?(callback: (event: HassEvent) => void, eventType?: string): Promise<() => Promise<void> | void>;
}

/** HA's translation lookup (`hass.localize` and what `loadBackendTranslation` resolves to). */
export type HassLocalize = (key: string, values?: Record<string, unknown>) => string;

export interface HassLocale {
  language?: string;
  time_zone?: "local" | "server" | string;
  time_format?: "language" | "system" | "12" | "24" | string;
}

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  entities: Record<string, EntityEntry>;
  devices: Record<string, DeviceEntry>;
  language: string;
  locale?: HassLocale;
  config?: { time_zone?: string };
  themes?: { darkMode?: boolean };
  connection: HassConnection;
  localize?: HassLocalize;
  loadBackendTranslation?(category: string, integration?: string): Promise<HassLocalize>;
  callService(
    domain: string,
    service: string,
    serviceData?: Record<string, unknown>,
  ): Promise<unknown>;
}

/** Where a card finds its Capacity Manager: a config entry or the panel device. */
export interface SourceConfig {
  entry_id?: string;
  device_id?: string;
}

export interface CardConfig extends SourceConfig {
  type: string;
  title?: string;
  show_phases?: boolean;
  show_loads?: boolean;
  show_controls?: boolean;
  show_what_if?: boolean;
  show_sizing?: boolean;
}

export interface TimelineCardConfig extends SourceConfig {
  type: string;
  title?: string;
  hours_to_show?: number;
}

/** What HA expects from a card editor's `ha-form` schema entries. */
export interface FormSchema {
  name: string;
  required?: boolean;
  selector: Record<string, unknown>;
}
