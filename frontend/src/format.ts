/** Number, energy and time formatting in the user's language. */
import type { HomeAssistant } from "./types";

function numberFormat(language: string, digits: number): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(language, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return new Intl.NumberFormat("en", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  }
}

/** 850 W, 7.2 kW, 12.4 kW: watts below 1 kW, else kW with one decimal. */
export function formatPower(watts: number | null | undefined, language: string): string {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) {
    return "—";
  }
  if (Math.abs(watts) >= 1000) {
    return `${numberFormat(language, 1).format(watts / 1000)} kW`;
  }
  return `${numberFormat(language, 0).format(Math.round(watts))} W`;
}

/** A setpoint in its own unit: whole amps for chargers, W/kW for power setpoints. */
export function formatSetpoint(value: number, unit: string | null | undefined, language: string): string {
  if (unit === "W") {
    return formatPower(value, language);
  }
  if (unit === "kW") {
    return formatPower(value * 1000, language);
  }
  const digits = Number.isInteger(value) ? 0 : 1;
  return `${numberFormat(language, digits).format(value)}${unit ? ` ${unit}` : ""}`;
}

export function formatCurrent(amps: number, language: string): string {
  return `${numberFormat(language, amps >= 100 ? 0 : 1).format(amps)} A`;
}

/** Tick labels for an axis in kW (0, 2, 4 … kW). */
export function formatKw(watts: number, language: string): string {
  const kw = watts / 1000;
  return `${numberFormat(language, Number.isInteger(kw) ? 0 : 1).format(kw)} kW`;
}

/** A plain number with a fixed count of decimals, in the user's number format. */
export function formatNumber(value: number, language: string, digits = 0): string {
  return numberFormat(language, digits).format(value);
}

/** Energy in kWh: two decimals below 10 kWh, one above. */
export function formatEnergy(kwh: number, language: string): string {
  return `${numberFormat(language, Math.abs(kwh) < 10 ? 2 : 1).format(kwh)} kWh`;
}

/** A moment as date and time in the given time zone (the browser's if that one is unknown). */
export function formatDateTime(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  for (const zone of [timeZone, undefined]) {
    try {
      return new Intl.DateTimeFormat(language, { ...options, timeZone: zone }).format(date);
    } catch {
      // an unknown zone or language: try the browser's
    }
  }
  return date.toISOString();
}

/** The user's clock: Home Assistant's time zone choice (server or browser) and 12/24 hours. */
export interface Clock {
  /** An IANA zone; undefined: the browser's. */
  timeZone?: string;
  /** true: 12-hour, false: 24-hour, undefined: the language's habit. */
  hour12?: boolean;
}

/** The clock of HA's profile settings (`locale.time_zone`, `locale.time_format`). */
export function clockOf(hass: Pick<HomeAssistant, "locale" | "config">): Clock {
  const choice = hass.locale?.time_format;
  return {
    timeZone: hass.locale?.time_zone === "server" ? hass.config?.time_zone : undefined,
    hour12: choice === "12" ? true : choice === "24" ? false : undefined,
  };
}

/** A date formatter, falling back to the browser's zone and then English if either is unknown. */
function dateFormat(language: string, options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  for (const [lang, zone] of [
    [language, timeZone],
    ["en", timeZone],
    [language, undefined],
    ["en", undefined],
  ] as const) {
    try {
      return new Intl.DateTimeFormat(lang, { ...options, timeZone: zone });
    } catch {
      // an unknown zone or language: try the next
    }
  }
  return new Intl.DateTimeFormat(undefined, options);
}

/** Days since 1970-01-01 of the calendar day a moment falls on in a zone. */
function dayNumber(date: Date, timeZone?: string): number {
  const parts = dateFormat("en-US", { year: "numeric", month: "numeric", day: "numeric" }, timeZone).formatToParts(date);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / 86_400_000;
}

/**
 * A coming moment for a line of text: the time alone if it is today in the user's zone
 * ("07:30"), "tomorrow 07:30" (in the user's language) tomorrow, else with a short date
 * ("Sat, Mar 14, 07:30"). Null for a value that is not a date.
 */
export function formatWhen(iso: string, language: string, clock: Clock = {}, now: Date = new Date()): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const hours: Intl.DateTimeFormatOptions =
    clock.hour12 === true ? { hour12: true } : clock.hour12 === false ? { hourCycle: "h23" } : {};
  const timeOptions: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", ...hours };
  const days = dayNumber(date, clock.timeZone) - dayNumber(now, clock.timeZone);
  if (days === 0 || days === 1) {
    const time = dateFormat(language, timeOptions, clock.timeZone).format(date);
    if (days === 0) {
      return time;
    }
    try {
      return `${new Intl.RelativeTimeFormat(language, { numeric: "auto" }).format(1, "day")} ${time}`;
    } catch {
      // an unknown language: the date below says it
    }
  }
  return dateFormat(language, { weekday: "short", day: "numeric", month: "short", ...timeOptions }, clock.timeZone).format(date);
}
