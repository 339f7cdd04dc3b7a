/**
 * The timeline chart's geometry: axis scales and ticks, and SVG paths for step series.
 * Pure, so it is tested without a browser.
 */
import type { Point } from "./timeline-data";

/**
 * A round y axis and its tick values (at most 7, on round steps through 0). It reaches below 0
 * when the data does (a site exporting), so export is drawn instead of flattened onto the axis.
 */
export function yScale(maxW: number, minW = 0): { min: number; max: number; ticks: number[] } {
  const bottom = Math.min(minW * 1.1, 0);
  const top = Math.max(maxW * 1.1, bottom + 1000, 0);
  const steps = [250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000];
  const range = top - bottom;
  const step = steps.find((s) => range / s <= 5) ?? Math.ceil(range / 5 / 100000) * 100000;
  const max = Math.ceil(top / step) * step;
  const min = Math.floor(bottom / step) * step || 0; // never -0
  const ticks: number[] = [];
  for (let v = min; v <= max + 1e-9; v += step) {
    ticks.push(v);
  }
  return { min, max, ticks };
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

/** An SVG path through step runs; `x` and `y` map time and watts to pixels. `smooth` draws
 * straight lines between samples (a meter reporting often), else holds each value (a limit). */
export function linePath(runs: Step[][], x: Scale, y: Scale, smooth = false): string {
  return runs
    .map((run) => {
      const last = run[run.length - 1] as Step;
      if (smooth) {
        const points = run.map((step, i) => `${i === 0 ? "M" : "L"}${px(x(step.t0))},${px(y(step.v))}`);
        return `${points.join("")}L${px(x(last.t1))},${px(y(last.v))}`;
      }
      return run.map((step, i) => `${i === 0 ? `M${px(x(step.t0))},` : "V"}${px(y(step.v))}H${px(x(step.t1))}`).join("");
    })
    .join("");
}

/** The same line closed down to the baseline, for the filled area under it. */
export function areaPath(runs: Step[][], x: Scale, y: Scale, baseline: number, smooth = false): string {
  return runs
    .map((run) => {
      const first = run[0] as Step;
      const line = linePath([run], x, y, smooth).replace(/^M/, "L");
      return `M${px(x(first.t0))},${px(baseline)}${line}V${px(baseline)}Z`;
    })
    .join("");
}

/**
 * At most about `buckets` points over the window, each bucket keeping its highest value (a
 * peak above the limit must not vanish because the screen is narrow) and, when it reaches below
 * zero, its lowest too (an export peak must not vanish either). A bucket with only unavailable
 * samples stays a gap. Points before the window keep the value at its start.
 */
export function downsample(points: Point[], start: number, end: number, buckets: number): Point[] {
  const count = Math.max(1, Math.floor(buckets));
  if (points.length <= count * 2) {
    return points;
  }
  const width = (end - start) / count;
  const out: Point[] = [];
  let bucket = Number.NaN;
  let t0 = 0;
  let high: Point | null = null;
  let low: Point | null = null; // null before the window: only the latest value counts there
  const flush = (): void => {
    if (!high) {
      return;
    }
    if (low && low.v !== null && high.v !== null && low.v < 0 && low.v < high.v) {
      const [first, second] = low.t < high.t ? [low, high] : [high, low];
      out.push({ t: t0, v: first.v }, { t: t0 + width / 2, v: second.v });
    } else {
      out.push({ t: t0, v: high.v });
    }
  };
  for (const p of points) {
    const index = p.t < start ? -1 : Math.floor((p.t - start) / width);
    if (index !== bucket || high === null) {
      flush();
      bucket = index;
      t0 = index < 0 ? p.t : start + index * width;
      high = { ...p };
      low = index < 0 ? null : { ...p };
    } else if (index < 0) {
      t0 = p.t;
      high = { ...p };
    } else if (p.v !== null) {
      if (high.v === null || p.v > high.v) {
        high = { ...p };
      }
      if (low && (low.v === null || p.v < low.v)) {
        low = { ...p };
      }
    }
  }
  flush();
  return out;
}
