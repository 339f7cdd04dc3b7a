/**
 * Finds a Capacity Manager's entities from the registries HA already sends to the frontend
 * (`hass.entities`, `hass.devices`), so a card needs only an entry or a device id, never a
 * list of entity ids that breaks when the user renames one.
 *
 * The panel device holds the site entities; every controllable load is its own device linked
 * to the panel with `via_device_id`. Entities are recognised by `translation_key`, which stays
 * the same whatever the entity is called.
 */
import type { DeviceEntry, EntityEntry, HomeAssistant, SourceConfig } from "./types";

export const PLATFORM = "capacity_manager";

/** Site entities by translation key, with the domain each one must have. */
export const SITE_KEYS = {
  site_power: "sensor",
  effective_limit: "sensor",
  headroom: "sensor",
  status: "sensor",
  loads_shed: "sensor",
  curtailed_energy: "sensor",
  last_action: "sensor",
  overload: "binary_sensor",
  mode: "select",
  limit_override: "number",
  restore_all: "button",
  grid_export_limit: "sensor",
} as const;

export type SiteKey = keyof typeof SITE_KEYS;

export const LOAD_KEYS = {
  load_status: "sensor",
  managed: "switch",
  priority: "number",
} as const;

export type LoadKey = keyof typeof LOAD_KEYS;

export interface LoadEntities {
  deviceId: string | null;
  name: string;
  entities: Partial<Record<LoadKey, string>>;
}

export interface Discovered {
  panelDeviceId: string | null;
  site: Partial<Record<SiteKey, string>>;
  loads: LoadEntities[];
}

function domainOf(entityId: string): string {
  return entityId.slice(0, entityId.indexOf("."));
}

function ourEntities(hass: HomeAssistant): EntityEntry[] {
  return Object.values(hass.entities ?? {}).filter((entry) => entry.platform === PLATFORM);
}

function keyOf<K extends string>(entry: EntityEntry, keys: Record<K, string>): K | null {
  const key = entry.translation_key;
  if (!key || !(key in keys)) {
    return null;
  }
  return keys[key as K] === domainOf(entry.entity_id) ? (key as K) : null;
}

export function deviceName(device: DeviceEntry | undefined): string | null {
  return device?.name_by_user || device?.name || null;
}

/** The panel device for a card config: the device that holds `site_power` (or `mode`). */
export function findPanelDevice(hass: HomeAssistant, source: SourceConfig): string | null {
  const devices = hass.devices ?? {};
  if (source.device_id) {
    return source.device_id in devices ? source.device_id : null;
  }
  const panels = ourEntities(hass)
    .filter((entry) => {
      const key = keyOf(entry, SITE_KEYS);
      return (key === "site_power" || key === "mode") && entry.device_id;
    })
    .map((entry) => entry.device_id as string)
    .filter((id) => {
      const device = devices[id];
      if (!device) {
        return false;
      }
      return !source.entry_id || (device.config_entries ?? []).includes(source.entry_id);
    });
  return panels.length ? [...new Set(panels)].sort()[0] : null;
}

/** Everything a card needs to know about where the data lives, or null if nothing matches. */
export function discover(hass: HomeAssistant, source: SourceConfig): Discovered | null {
  const panelDeviceId = findPanelDevice(hass, source);
  if (!panelDeviceId) {
    return null;
  }
  const devices = hass.devices ?? {};
  const site: Partial<Record<SiteKey, string>> = {};
  const loadsByDevice = new Map<string, LoadEntities>();

  for (const entry of ourEntities(hass).sort((a, b) => a.entity_id.localeCompare(b.entity_id))) {
    const deviceId = entry.device_id ?? null;
    if (!deviceId) {
      continue;
    }
    if (deviceId === panelDeviceId) {
      const key = keyOf(entry, SITE_KEYS);
      if (key && !site[key]) {
        site[key] = entry.entity_id;
      }
      continue;
    }
    if (devices[deviceId]?.via_device_id !== panelDeviceId) {
      continue;
    }
    const key = keyOf(entry, LOAD_KEYS);
    if (!key) {
      continue;
    }
    let load = loadsByDevice.get(deviceId);
    if (!load) {
      load = { deviceId, name: deviceName(devices[deviceId]) ?? entry.entity_id, entities: {} };
      loadsByDevice.set(deviceId, load);
    }
    load.entities[key] ??= entry.entity_id;
  }

  const loads = [...loadsByDevice.values()].filter((load) => load.entities.load_status);
  return { panelDeviceId, site, loads };
}

/** A config for the card picker: the first Capacity Manager found, if any. */
export function firstSource(hass: HomeAssistant | undefined): SourceConfig {
  if (!hass) {
    return {};
  }
  const panel = findPanelDevice(hass, {});
  const entry = panel ? hass.devices[panel]?.config_entries?.[0] : undefined;
  return entry ? { entry_id: entry } : {};
}

/**
 * Remembers the last discovery: it reruns only when the registries or the config change (by
 * reference), not on every state change, which in HA replaces `hass` many times a second.
 */
export class DiscoveryCache {
  private _key: unknown[] = [];
  private _found: Discovered | null = null;

  get(hass: HomeAssistant | undefined, source: SourceConfig | undefined): Discovered | null {
    if (!hass || !source) {
      return null;
    }
    const key = [hass.entities, hass.devices, source];
    if (key.some((part, i) => part !== this._key[i])) {
      this._found = discover(hass, source);
      this._key = key;
    }
    return this._found;
  }
}
