/**
 * Turns entity states into what the main card shows: numbers in watts, the gauge scale and
 * marks, phase bars and the priority ladder. Pure, so it is tested without a browser.
 */
import type { Discovered } from "./discovery";
import { formatNumber, formatWhen, type Clock } from "./format";
import type { Localize } from "./i18n";
import type { HassEntity, HomeAssistant } from "./types";

export const LOAD_STATUSES = [
  "on",
  "shed",
  "modulated",
  "override",
  "unavailable",
  "never_shed",
  "off",
] as const;

export const DEFAULT_MODES = ["active", "monitor", "off"];

export interface LoadView {
  entityId: string;
  name: string;
  priority: number | null;
  status: string;
  powerW: number | null;
  setpoint: number | null;
  setpointUnit: string | null;
  reason: string | null;
  /** A charger's charging plan; null for every load without one. */
  plan: LoadPlan | null;
}

/** What a charger's status sensor says of its plan (`departure`, `energy_to_go_kwh`, `plan_at_risk`). */
export interface LoadPlan {
  /** When the car leaves (ISO, UTC). */
  departure: string;
  energyToGoKwh: number | null;
  atRisk: boolean;
}

export interface PhaseView {
  index: number;
  currentA: number;
  limitA: number | null;
}

export type Zone = "ok" | "near" | "over" | "unknown";

/** Which way power flows at the meter (the engine's sign: negative site power is export). */
export type Flow = "import" | "export" | null;

export interface SiteView {
  powerW: number | null;
  limitW: number | null;
  limitSource: string | null;
  headroomW: number | null;
  shedW: number | null;
  targetW: number | null;
  restoreW: number | null;
  zone: Zone;
  flow: Flow;
  exportLimitW: number | null;
  status: string | null;
  mode: string | null;
  modeEntity: string | null;
  modeOptions: string[];
  modeAvailable: boolean;
  restoreEntity: string | null;
  restoreAvailable: boolean;
  phases: PhaseView[];
  loads: LoadView[];
}

const MISSING = new Set(["unavailable", "unknown", "", "none"]);

export function isAvailable(entity: HassEntity | undefined): entity is HassEntity {
  return entity !== undefined && !MISSING.has(entity.state);
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === "" || typeof value === "boolean") {
    return null;
  }
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A power state in watts, whatever unit the sensor reports (W, kW, MW). */
export function powerOf(entity: HassEntity | undefined): number | null {
  if (!isAvailable(entity)) {
    return null;
  }
  const value = toNumber(entity.state);
  if (value === null) {
    return null;
  }
  return value * powerFactor(entity);
}

/** Watts per unit of a power entity's state (kW sensors are common for site meters). */
export function powerFactor(entity: HassEntity | undefined): number {
  const unit = String(entity?.attributes.unit_of_measurement ?? "W");
  return unit === "kW" ? 1000 : unit === "MW" ? 1e6 : 1;
}

function numberList(value: unknown): number[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const numbers = value.map(toNumber);
  return numbers.every((n) => n !== null) ? (numbers as number[]) : [];
}

/**
 * One bar per measured phase current (the site power's `phase_currents_a`), each against the
 * per-phase current limit the limit sensor publishes as `phase_limit_a` (the breaker rating;
 * null with a limit in watts: bars without a limit mark).
 */
function phaseViews(power: HassEntity | undefined, limit: HassEntity | undefined): PhaseView[] {
  if (!power) {
    return [];
  }
  const currents = numberList(power.attributes.phase_currents_a);
  const limitA = toNumber(limit?.attributes.phase_limit_a);
  return currents.map((currentA, i) => ({ index: i + 1, currentA, limitA }));
}

export function zoneOf(
  powerW: number | null,
  limitW: number | null,
  shedW: number | null,
  restoreW: number | null,
): Zone {
  if (powerW === null || limitW === null) {
    return "unknown";
  }
  if (powerW > (shedW ?? limitW)) {
    return "over";
  }
  if (powerW > (restoreW ?? limitW * 0.85)) {
    return "near";
  }
  return "ok";
}

export function loadView(hass: HomeAssistant, entityId: string, name: string, priorityEntity?: string): LoadView {
  const entity = hass.states[entityId];
  const attrs = entity?.attributes ?? {};
  const priority = toNumber(attrs.priority) ?? toNumber(priorityEntity ? hass.states[priorityEntity]?.state : null);
  const state = entity?.state ?? "unavailable";
  return {
    entityId,
    name,
    priority: priority === null ? null : Math.round(priority),
    status: state === "unknown" ? "unavailable" : state,
    powerW: toNumber(attrs.power_w),
    setpoint: toNumber(attrs.setpoint),
    setpointUnit: typeof attrs.setpoint_unit === "string" ? attrs.setpoint_unit : null,
    reason: typeof attrs.reason === "string" && attrs.reason ? attrs.reason : null,
    plan: planOf(attrs),
  };
}

/** The plan in a status sensor's attributes: only with a departure that is a date. */
export function planOf(attrs: Record<string, unknown>): LoadPlan | null {
  const departure = attrs.departure;
  if (typeof departure !== "string" || Number.isNaN(Date.parse(departure))) {
    return null;
  }
  return {
    departure,
    energyToGoKwh: toNumber(attrs.energy_to_go_kwh),
    atRisk: attrs.plan_at_risk === true,
  };
}

/** Below this the plan's energy is in (it would show as 0.0 kWh to go). */
const PLAN_DONE_KWH = 0.05;

/** "Leaves 07:30 · 12.4 kWh to go": the departure on the user's clock and the energy left. */
export function planText(plan: LoadPlan, lang: string, localize: Localize, clock: Clock = {}, now?: Date): string {
  const time = formatWhen(plan.departure, lang, clock, now) ?? plan.departure;
  const kwh = plan.energyToGoKwh;
  if (kwh === null) {
    return localize("plan.leaves", { time });
  }
  if (kwh < PLAN_DONE_KWH) {
    return localize("plan.leaves_charged", { time });
  }
  return localize("plan.leaves_to_go", { time, energy: `${formatNumber(kwh, lang, 1)} kWh` });
}

/** Priority 1 (most important, shed last) first; loads without a priority go last. */
export function sortLadder(loads: LoadView[]): LoadView[] {
  return [...loads].sort((a, b) => {
    const pa = a.priority ?? Number.POSITIVE_INFINITY;
    const pb = b.priority ?? Number.POSITIVE_INFINITY;
    return pa - pb || a.name.localeCompare(b.name);
  });
}

export function siteView(hass: HomeAssistant, found: Discovered): SiteView {
  const get = (id: string | undefined): HassEntity | undefined => (id ? hass.states[id] : undefined);
  const power = get(found.site.site_power);
  const limit = get(found.site.effective_limit);
  const powerW = powerOf(power);
  const limitW = powerOf(limit);
  const limitAttrs = limit?.attributes ?? {};
  const shedW = toNumber(limitAttrs.shed_threshold_w);
  const targetW = toNumber(limitAttrs.target_w);
  const restoreW = toNumber(limitAttrs.restore_threshold_w);
  const headroom = powerOf(get(found.site.headroom));
  const mode = get(found.site.mode);
  const options = mode?.attributes.options;
  const restore = get(found.site.restore_all);
  const status = get(found.site.status);
  // The limit sensor may carry the export limit; else the grid sensor has it (when set).
  const exportLimit = toNumber(limitAttrs.export_limit_w) ?? powerOf(get(found.site.grid_export_limit));

  const loads = found.loads.map((load) =>
    loadView(hass, load.entities.load_status as string, load.name, load.entities.priority),
  );

  return {
    powerW,
    limitW,
    limitSource: typeof limitAttrs.limit_source === "string" ? limitAttrs.limit_source : null,
    headroomW: headroom ?? (powerW !== null && limitW !== null ? limitW - powerW : null),
    shedW,
    targetW,
    restoreW,
    zone: zoneOf(powerW, limitW, shedW, restoreW),
    flow: flowOf(powerW),
    exportLimitW: exportLimit === null ? null : Math.abs(exportLimit),
    status: isAvailable(status) ? status.state : null,
    mode: isAvailable(mode) ? mode.state : null,
    modeEntity: found.site.mode ?? null,
    modeOptions: Array.isArray(options) && options.length ? options.map(String) : DEFAULT_MODES,
    modeAvailable: isAvailable(mode),
    restoreEntity: found.site.restore_all ?? null,
    restoreAvailable: restore !== undefined && restore.state !== "unavailable",
    phases: phaseViews(power, limit),
    loads: sortLadder(loads),
  };
}

/**
 * Volts per amp of site limit (voltage × phases), to read a limit typed in amps. From the
 * limit sensor when it says; else 230 V × the phases measured (1 without phase currents),
 * flagged as assumed so the card can say so.
 */
export function ampsBasis(hass: HomeAssistant, found: Discovered): { volts: number; assumed: boolean } {
  const limit = found.site.effective_limit ? hass.states[found.site.effective_limit] : undefined;
  const power = found.site.site_power ? hass.states[found.site.site_power] : undefined;
  const voltage = toNumber(limit?.attributes.voltage_v);
  const phases = toNumber(limit?.attributes.phases) ?? (numberList(power?.attributes.phase_currents_a).length || 1);
  if (voltage !== null && voltage > 0 && phases > 0) {
    return { volts: voltage * phases, assumed: false };
  }
  return { volts: 230 * phases, assumed: true };
}

/** Import above 0 W, export below; exactly 0 (or unknown) says neither. */
export function flowOf(powerW: number | null): Flow {
  if (powerW === null || powerW === 0) {
    return null;
  }
  return powerW > 0 ? "import" : "export";
}

/** How far export goes past the export limit (0 when within it or without one). */
export function exportOverW(view: Pick<SiteView, "powerW" | "exportLimitW">): number {
  if (view.powerW === null || view.exportLimitW === null || view.powerW >= 0) {
    return 0;
  }
  return Math.max(0, -view.powerW - view.exportLimitW);
}

/** Whether "restore all" has anything to give back (unknown ladder: assume yes). */
export function hasHeldLoads(view: SiteView): boolean {
  if (!view.loads.length) {
    return true;
  }
  return view.loads.some((load) => load.status === "shed" || load.status === "modulated");
}

/** The gauge's full scale: a round number above the limit and the current power. */
export function gaugeMax(view: Pick<SiteView, "powerW" | "limitW" | "shedW">): number {
  const top = Math.max(
    (view.limitW ?? 0) * 1.15,
    (view.shedW ?? 0) * 1.05,
    (view.powerW ?? 0) * 1.05,
    1000,
  );
  const step = top > 20000 ? 5000 : top > 5000 ? 1000 : 500;
  return Math.ceil(top / step) * step;
}

export function percentOf(value: number | null, max: number): number | null {
  if (value === null || max <= 0) {
    return null;
  }
  return Math.min(100, Math.max(0, (value / max) * 100));
}
