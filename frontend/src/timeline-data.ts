/**
 * The timeline card's data: parses the history and logbook websocket answers into a power
 * series, a limit series and shed / restore events. Pure, so it is tested without a browser.
 */
import { toNumber } from "./model";

export interface Point {
  t: number; // epoch ms
  v: number | null; // watts; null = unavailable (a gap in the line)
}

export interface TimelineEvent {
  t: number;
  kind: "shed" | "restore";
  entityId: string;
  name: string;
  state: string;
}

/** A history row in either the compressed (`s`, `lu`) or the long (`state`, ISO) format. */
type HistoryRow = Record<string, unknown>;

const HELD = new Set(["shed", "modulated"]);
const GIVEN_BACK = new Set(["on", "off", "never_shed"]);
const GONE = new Set(["unavailable", "unknown"]);

function rowTime(row: HistoryRow): number | null {
  const compressed = toNumber(row.lu ?? row.lc);
  if (compressed !== null) {
    return compressed * 1000;
  }
  const iso = row.last_updated ?? row.last_changed;
  const parsed = typeof iso === "string" ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

function rowState(row: HistoryRow): string {
  return String(row.s ?? row.state ?? "");
}

/** One entity's history as points in watts (`factor` converts kW sensors). */
export function seriesFrom(rows: unknown, factor = 1): Point[] {
  if (!Array.isArray(rows)) {
    return [];
  }
  const points: Point[] = [];
  for (const row of rows) {
    if (!row || typeof row !== "object") {
      continue;
    }
    const t = rowTime(row as HistoryRow);
    if (t === null) {
      continue;
    }
    const value = toNumber(rowState(row as HistoryRow));
    points.push({ t, v: value === null ? null : value * factor });
  }
  return points.sort((a, b) => a.t - b.t);
}

const HOUR = 3600_000;

/** A statistics row's time: epoch ms (Home Assistant since 2023.3) or an ISO string. */
function statTime(value: unknown): number | null {
  if (typeof value === "string") {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return toNumber(value);
}

/**
 * Hourly means from long-term statistics (`recorder/statistics_during_period`) for the part
 * of the window before `until`, the first recorded state. The recorder purges states after
 * `purge_keep_days` (often set short, as the site power changes every few seconds) and has
 * none from before the integration was added or the sensor recorded; long-term statistics
 * stay, so the line goes on as hourly steps there, as Home Assistant's history graph does.
 * A missing hour, and the time after the last mean, is a gap: nothing is drawn through it.
 */
export function statisticsSeries(rows: unknown, until: number): Point[] {
  if (!Array.isArray(rows)) {
    return [];
  }
  const points: Point[] = [];
  let lastEnd: number | null = null;
  // Only hours that end by `until`: the hour the states start in also averages those states,
  // which would be drawn over the time before them.
  const hours = rows
    .filter((r): r is Record<string, unknown> => !!r && typeof r === "object")
    .map((r) => {
      const start = statTime(r.start);
      return { start, end: statTime(r.end) ?? (start ?? 0) + HOUR, mean: toNumber(r.mean) };
    })
    .filter((r): r is { start: number; end: number; mean: number | null } => r.start !== null && r.end <= until)
    .sort((a, b) => a.start - b.start);
  for (const hour of hours) {
    if (lastEnd !== null && hour.start > lastEnd) {
      points.push({ t: lastEnd, v: null });
    }
    points.push({ t: hour.start, v: hour.mean });
    lastEnd = hour.end;
  }
  if (lastEnd !== null && lastEnd < until) {
    points.push({ t: lastEnd, v: null });
  }
  return points;
}

/** Recorded states, preceded by hourly means where the window starts before the first one. */
export function withStatistics(states: Point[], statistics: unknown): Point[] {
  const until = states[0]?.t ?? Number.POSITIVE_INFINITY;
  return [...statisticsSeries(statistics, until), ...states];
}

/** The state each entity had at the start of the window (history's first row). */
export function initialStates(history: unknown, entityIds: string[]): Map<string, string> {
  const states = new Map<string, string>();
  if (!history || typeof history !== "object") {
    return states;
  }
  for (const id of entityIds) {
    const rows = (history as Record<string, unknown>)[id];
    if (Array.isArray(rows) && rows.length && rows[0] && typeof rows[0] === "object") {
      states.set(id, rowState(rows[0] as HistoryRow));
    }
  }
  return states;
}

/**
 * Shed and restore events from logbook entries of the per-load status sensors: a change to
 * shed / modulated is a shed; a change from shed / modulated to on, off or never shed is a
 * restore (a restored relay may read "off" until its device draws power). A change to on from
 * anything else (the user switched it on) is not ours to mark, nor is a user's override.
 * Unavailable and unknown are skipped: the integration reloading (a load added) or a device
 * dropping out is neither, and the state before it still holds.
 */
export function eventsFrom(
  entries: unknown,
  names: Map<string, string>,
  startStates: Map<string, string> = new Map(),
): TimelineEvent[] {
  if (!Array.isArray(entries)) {
    return [];
  }
  const rows = entries
    .filter((e): e is Record<string, unknown> => !!e && typeof e === "object")
    .map((e) => ({
      t: typeof e.when === "string" ? Date.parse(e.when) : (toNumber(e.when) ?? Number.NaN) * 1000,
      entityId: typeof e.entity_id === "string" ? e.entity_id : "",
      state: typeof e.state === "string" ? e.state : "",
      name: typeof e.name === "string" ? e.name : "",
    }))
    .filter((e) => Number.isFinite(e.t) && names.has(e.entityId) && e.state)
    .sort((a, b) => a.t - b.t);

  const previous = new Map(startStates);
  const events: TimelineEvent[] = [];
  for (const row of rows) {
    if (GONE.has(row.state)) {
      continue;
    }
    const before = previous.get(row.entityId);
    previous.set(row.entityId, row.state);
    if (row.state === before) {
      continue;
    }
    const name = names.get(row.entityId) || row.name || row.entityId;
    if (HELD.has(row.state) && !(before && HELD.has(before))) {
      events.push({ t: row.t, kind: "shed", entityId: row.entityId, name, state: row.state });
    } else if (GIVEN_BACK.has(row.state) && before && HELD.has(before)) {
      events.push({ t: row.t, kind: "restore", entityId: row.entityId, name, state: row.state });
    }
  }
  return events;
}

/** The value of a step series at time t (the last sample at or before t). */
export function valueAt(points: Point[], t: number): number | null {
  let value: number | null = null;
  for (const p of points) {
    if (p.t > t) {
      break;
    }
    value = p.v;
  }
  return value;
}

/** The lowest value of the series, or 0 when none is below 0 (the axis always shows 0). */
export function minOf(...series: Point[][]): number {
  let min = 0;
  for (const points of series) {
    for (const p of points) {
      if (p.v !== null && p.v < min) {
        min = p.v;
      }
    }
  }
  return min;
}

export function maxOf(...series: Point[][]): number {
  let max = 0;
  for (const points of series) {
    for (const p of points) {
      if (p.v !== null && p.v > max) {
        max = p.v;
      }
    }
  }
  return max;
}
