/**
 * The timeline card's data: parses the history and logbook websocket answers into a power
 * series, a limit series and shed / restore events, and computes the chart's scales.
 * Pure, so it is tested without a browser.
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
 * shed / modulated is a shed; a change back to on from shed / modulated is a restore.
 * A change to on from anything else (the user switched it on) is not ours to mark.
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
    const before = previous.get(row.entityId);
    previous.set(row.entityId, row.state);
    if (row.state === before) {
      continue;
    }
    const name = names.get(row.entityId) || row.name || row.entityId;
    if (HELD.has(row.state) && !(before && HELD.has(before))) {
      events.push({ t: row.t, kind: "shed", entityId: row.entityId, name, state: row.state });
    } else if (row.state === "on" && before && HELD.has(before)) {
      events.push({ t: row.t, kind: "restore", entityId: row.entityId, name, state: row.state });
    }
  }
  return events;
}

/** A round top for the y axis and its tick values (4 or 5 ticks from 0). */
export function yScale(maxW: number): { max: number; ticks: number[] } {
  const top = Math.max(maxW * 1.1, 1000);
  const steps = [250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000];
  const step = steps.find((s) => top / s <= 5) ?? Math.ceil(top / 5 / 100000) * 100000;
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) {
    ticks.push(v);
  }
  return { max, ticks };
}

/** A function giving hour and minute of a moment in a time zone (the browser's if none). */
function clockIn(timeZone: string | undefined): (t: number) => [number, number] {
  let format: Intl.DateTimeFormat | null = null;
  try {
    format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  } catch {
    // An unknown time zone: fall back to the browser's own clock.
  }
  return (t) => {
    if (!format) {
      const date = new Date(t);
      return [date.getHours(), date.getMinutes()];
    }
    const parts = format.formatToParts(t);
    const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    return [part("hour"), part("minute")];
  };
}

/**
 * Tick times on whole local hours that are multiples of a step giving at most `maxTicks`.
 * Walks in quarter hours, as some time zones are 30 or 45 minutes off UTC.
 */
export function timeTicks(start: number, end: number, timeZone?: string, maxTicks = 6): number[] {
  const hour = 3600_000;
  const quarter = hour / 4;
  const hours = (end - start) / hour;
  const step = [1, 2, 3, 6, 12, 24, 48].find((s) => hours / s <= maxTicks) ?? 24;
  const clock = clockIn(timeZone);
  const ticks: number[] = [];
  // Strictly inside the window: a label on either edge would be cut in half.
  for (let t = Math.floor(start / quarter) * quarter + quarter; t < end; t += quarter) {
    const [h, m] = clock(t);
    if (m === 0 && (step >= 24 ? h === 0 : h % step === 0)) {
      ticks.push(t);
    }
  }
  return ticks;
}

export interface Step {
  t0: number;
  t1: number;
  v: number;
}

/**
 * The points as runs of steps (a value holds until the next sample), clipped to the window.
 * A null value (unavailable) ends a run, so the chart shows a gap instead of a made-up line.
 */
export function stepRuns(points: Point[], start: number, end: number): Step[][] {
  const runs: Step[][] = [];
  let run: Step[] = [];
  const visible = points.filter((p) => p.t <= end);
  visible.forEach((p, i) => {
    const t0 = Math.max(p.t, start);
    const t1 = Math.min(i + 1 < visible.length ? (visible[i + 1] as Point).t : end, end);
    if (t1 <= start || p.v === null) {
      if (run.length) {
        runs.push(run);
      }
      run = [];
      return;
    }
    if (t1 > t0) {
      run.push({ t0, t1, v: p.v });
    }
  });
  if (run.length) {
    runs.push(run);
  }
  return runs;
}

type Scale = (value: number) => number;

const px = (value: number): string => value.toFixed(1);

/** An SVG line path through step runs; `x` and `y` map time and watts to pixels. */
export function linePath(runs: Step[][], x: Scale, y: Scale): string {
  return runs
    .map((run) =>
      run
        .map((step, i) => `${i === 0 ? `M${px(x(step.t0))},` : `V`}${px(y(step.v))}H${px(x(step.t1))}`)
        .join(""),
    )
    .join("");
}

/** The same runs closed down to the baseline, for the filled area under the power line. */
export function areaPath(runs: Step[][], x: Scale, y: Scale, baseline: number): string {
  return runs
    .map((run) => {
      const line = run.map((step) => `V${px(y(step.v))}H${px(x(step.t1))}`).join("");
      return `M${px(x((run[0] as Step).t0))},${px(baseline)}${line}V${px(baseline)}Z`;
    })
    .join("");
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
