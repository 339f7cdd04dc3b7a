/**
 * Calling our services for their response data, and turning their errors into text.
 *
 * `hass.callService` would show HA's own error toast; the cards show the error in place
 * instead, so they send the websocket `call_service` message (with `return_response`, which
 * HA has accepted since 2023.7) themselves.
 */
import { PLATFORM } from "./discovery";
import type { HassEvent, HomeAssistant } from "./types";

/** What a failed call reports: HA's error code, message and translation (if any). */
export interface ServiceFailure {
  code: string;
  message: string;
  key: string | null;
  domain: string | null;
  placeholders: Record<string, string>;
}

export async function callWithResponse<T>(
  hass: HomeAssistant,
  service: string,
  data: Record<string, unknown>,
): Promise<T> {
  const result = await hass.connection.sendMessagePromise<{ response?: T }>({
    type: "call_service",
    domain: PLATFORM,
    service,
    service_data: data,
    return_response: true,
  });
  if (!result || typeof result !== "object" || result.response === undefined) {
    throw new Error("no response data");
  }
  return result.response;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

/** Whatever was thrown (a websocket error object, an Error, anything) as a failure. */
export function failureOf(err: unknown): ServiceFailure {
  const raw = (err && typeof err === "object" ? err : {}) as Record<string, unknown>;
  const nested = (raw.error && typeof raw.error === "object" ? raw.error : {}) as Record<string, unknown>;
  const placeholders: Record<string, string> = {};
  const given = raw.translation_placeholders ?? nested.translation_placeholders;
  if (given && typeof given === "object") {
    for (const [name, value] of Object.entries(given)) {
      placeholders[name] = String(value);
    }
  }
  const message = text(raw.message) ?? text(nested.message) ?? (typeof err === "string" ? err : "");
  return {
    code: text(raw.code) ?? text(nested.code) ?? "unknown_error",
    // HA prefixes validation errors; the user needs only the reason.
    message: message.replace(/^Validation error:\s*/, ""),
    key: text(raw.translation_key) ?? text(nested.translation_key),
    domain: text(raw.translation_domain) ?? text(nested.translation_domain),
    placeholders,
  };
}

/**
 * The failure in the user's language: HA's translation of the integration's exception when
 * the frontend can load it, else the message HA sent (English), else `fallback`.
 */
export async function failureText(hass: HomeAssistant, failure: ServiceFailure, fallback: string): Promise<string> {
  if (failure.key && failure.domain && hass.loadBackendTranslation) {
    try {
      const localize = await hass.loadBackendTranslation("exceptions", failure.domain);
      const translated = localize(`component.${failure.domain}.exceptions.${failure.key}.message`, failure.placeholders);
      if (translated) {
        return translated;
      }
    } catch {
      // fall through to the message HA sent
    }
  }
  return failure.message || fallback;
}

/** Subscribe to one event type; null when this user may not (non-admins) or HA cannot. */
export async function subscribeEvents(
  hass: HomeAssistant,
  eventType: string,
  callback: (event: HassEvent) => void,
): Promise<(() => void) | null> {
  if (!hass.connection.subscribeEvents) {
    return null;
  }
  try {
    const unsubscribe = await hass.connection.subscribeEvents(callback, eventType);
    return () => {
      void Promise.resolve(unsubscribe()).catch(() => undefined);
    };
  } catch {
    return null;
  }
}

/** The config entry a card belongs to: its own setting, else the panel device's entry. */
export function entryIdOf(hass: HomeAssistant, entryId: string | undefined, panelDeviceId: string | null): string | null {
  if (entryId) {
    return entryId;
  }
  return (panelDeviceId ? hass.devices[panelDeviceId]?.config_entries?.[0] : undefined) ?? null;
}
