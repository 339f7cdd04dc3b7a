/**
 * The what-if form's logic, without Lit or a browser: the form turned into the data of
 * `capacity_manager.simulate`, progress events turned into a bar, and the response turned
 * into what the card shows. Tested in node.
 */
import type { Localize } from "./i18n";
import { toNumber } from "./model";
import type { TranslationKey } from "./translations/en";

export const SIMULATE = "simulate";
export const SIMULATE_CANCEL = "simulate_cancel";
export const PROGRESS_EVENT = "capacity_manager_simulate_progress";
export const CANCELLED_KEY = "simulate_cancelled";
export const MAX_DAYS = 31; // the service refuses longer periods

export type LimitUnit = "kW" | "A";

export interface WhatIfForm {
  period: "last" | "range";
  days: string;
  start: string; // yyyy-mm-dd, the first day replayed
  end: string; // yyyy-mm-dd, the last day replayed (inclusive)
  limit: string; // as typed; empty: the configured limit
  unit: LimitUnit;
  excluded: string[]; // load refs left out of the candidate list
}

export interface LoadChoice {
  ref: string; // what the service accepts: the load's configured name
  name: string; // what the user sees
}

export function defaultForm(): WhatIfForm {
  return { period: "last", days: "7", start: "", end: "", limit: "", unit: "kW", excluded: [] };
}

export type Request = { data: Record<string, unknown> } | { error: TranslationKey };

function parseNumber(value: string): number | null {
  return toNumber(value.trim().replace(",", "."));
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function nextDay(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The candidate limit in W (null: keep the configured one); `voltsBasis` = voltage × phases. */
export function limitWatts(form: Pick<WhatIfForm, "limit" | "unit">, voltsBasis: number): number | null | "invalid" {
  if (!form.limit.trim()) {
    return null;
  }
  const value = parseNumber(form.limit);
  if (value === null || value <= 0) {
    return "invalid";
  }
  return Math.round(form.unit === "A" ? value * voltsBasis : value * 1000);
}

/**
 * The service data for the form, or the reason it cannot be sent. Dates of a range are the
 * site's local days (HA reads times without a zone in its own time zone); "last N days"
 * counts back from `now`.
 */
export function simulateRequest(
  form: WhatIfForm,
  entryId: string,
  loads: LoadChoice[],
  voltsBasis: number,
  now: Date,
): Request {
  const data: Record<string, unknown> = { config_entry_id: entryId };
  if (form.period === "last") {
    const days = parseNumber(form.days);
    if (days === null || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      return { error: "whatif.error.days" };
    }
    data.start = new Date(now.getTime() - days * 86_400_000).toISOString();
    data.end = now.toISOString();
  } else {
    if (!isDate(form.start) || !isDate(form.end)) {
      return { error: "whatif.error.dates" };
    }
    if (form.end < form.start) {
      return { error: "whatif.error.order" };
    }
    const days = (Date.parse(form.end) - Date.parse(form.start)) / 86_400_000 + 1;
    if (days > MAX_DAYS) {
      return { error: "whatif.error.days" };
    }
    data.start = `${form.start} 00:00:00`;
    data.end = `${nextDay(form.end)} 00:00:00`;
  }
  const limit = limitWatts(form, voltsBasis);
  if (limit === "invalid") {
    return { error: "whatif.error.limit" };
  }
  if (limit !== null) {
    data.limit = limit;
  }
  const chosen = loads.filter((load) => !form.excluded.includes(load.ref));
  if (loads.length && !chosen.length) {
    return { error: "whatif.error.loads" };
  }
  if (chosen.length < loads.length) {
    data.loads = chosen.map((load) => load.ref);
  }
  return { data };
}

export interface Progress {
  fraction: number; // 0 … 1
  text: TranslationKey;
  vars: Record<string, number>;
}

/** A progress event of our entry as a bar: reading history is most of the wait. */
export function progressOf(event: { data?: Record<string, unknown> } | null, entryId: string): Progress | null {
  const data = event?.data;
  if (!data || data.config_entry_id !== entryId) {
    return null;
  }
  const done = toNumber(data.done) ?? 0;
  const total = Math.max(1, toNumber(data.total) ?? 1);
  if (data.stage === "history") {
    if (done >= total) {
      return { fraction: 0.9, text: "whatif.progress.simulating", vars: {} };
    }
    return { fraction: (0.9 * done) / total, text: "whatif.progress.history", vars: { done, total } };
  }
  if (data.stage === "simulate") {
    return { fraction: 1, text: "whatif.progress.simulating", vars: {} };
  }
  return null;
}

export interface Outcome {
  minutesAbove: number;
  unavoidableMinutes: number;
  overloads: number;
  maxOvershootW: number;
  energyAboveKwh: number;
  sheds: number;
  deferredKwh: number;
  unservedKwh: number;
  evSessions: number;
  evDelayed: number;
  evMeanDelayMin: number;
}

export interface LoadOutcome {
  name: string;
  sheds: number;
  minutes: number;
  deferredKwh: number;
}

export interface WhatIfResult {
  start: string | null;
  end: string | null;
  limitW: number | null;
  managed: Outcome;
  unmanaged: Outcome;
  perLoad: LoadOutcome[];
  notSimulated: string[];
  resolution: Record<string, number>;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function outcome(value: unknown): Outcome {
  const m = record(value);
  const n = (key: string): number => toNumber(m[key]) ?? 0;
  return {
    minutesAbove: n("minutes_above_limit"),
    unavoidableMinutes: n("unavoidable_minutes_above_limit"),
    overloads: n("overload_events"),
    maxOvershootW: n("max_overshoot_w"),
    energyAboveKwh: n("energy_above_limit_kwh"),
    sheds: n("sheds"),
    deferredKwh: n("energy_deferred_kwh"),
    unservedKwh: n("energy_unserved_kwh"),
    evSessions: n("ev_sessions"),
    evDelayed: n("ev_sessions_delayed"),
    evMeanDelayMin: n("ev_mean_delay_min"),
  };
}

/** The response read tolerantly: missing fields count as zero, never as a broken card. */
export function resultOf(response: unknown): WhatIfResult {
  const r = record(response);
  const managed = record(r.managed);
  const perLoad = Object.entries(record(managed.per_load))
    .map(([name, value]) => {
      const entry = record(value);
      return {
        name,
        sheds: toNumber(entry.sheds) ?? 0,
        minutes: toNumber(entry.shed_minutes) ?? 0,
        deferredKwh: toNumber(entry.energy_deferred_kwh) ?? 0,
      };
    })
    .sort((a, b) => b.minutes - a.minutes || b.sheds - a.sheds || a.name.localeCompare(b.name));
  const notSimulated = (Array.isArray(r.loads) ? r.loads : [])
    .map(record)
    .filter((load) => load.simulated === false && typeof load.load === "string")
    .map((load) => String(load.load));
  const resolution: Record<string, number> = {};
  for (const [key, value] of Object.entries(record(r.resolution_days))) {
    const days = toNumber(value);
    if (days) {
      resolution[key] = days;
    }
  }
  return {
    start: typeof r.start === "string" ? r.start : null,
    end: typeof r.end === "string" ? r.end : null,
    limitW: toNumber(r.limit_w),
    managed: outcome(r.managed),
    unmanaged: outcome(r.uncontrolled),
    perLoad,
    notSimulated,
    resolution,
  };
}

/** 0 min, 42 min, 3 h 05 min: minutes as a reader counts them. */
export function durationParts(minutes: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.round(minutes));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

export function formatDuration(minutes: number, localize: Localize): string {
  if (minutes > 0 && minutes < 0.5) {
    return localize("duration.under_minute"); // "0 min" would read as "never"
  }
  const { hours, minutes: rest } = durationParts(minutes);
  return hours ? localize("duration.hours", { h: hours, m: rest }) : localize("duration.minutes", { m: rest });
}
