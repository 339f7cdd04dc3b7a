/**
 * The panel sizing report (`capacity_manager.panel_sizing`) read into what the card shows.
 * Pure, tested in node; missing fields show as "—", never as a broken card.
 */
import { toNumber } from "./model";

export const PANEL_SIZING = "panel_sizing";

export interface SizingView {
  peakW: number | null;
  peakAt: string | null;
  hourly: boolean; // the peak is an hourly mean: the true 15-minute peak may be higher
  factor: number;
  designW: number | null;
  ratingW: number | null;
  ratingA: number | null;
  unmanagedA: number | null;
  managedA: number | null;
  additionalA: number | null;
  days: number | null;
}

export function sizingOf(response: unknown): SizingView {
  const r = (response && typeof response === "object" ? response : {}) as Record<string, unknown>;
  return {
    peakW: toNumber(r.peak_demand_w),
    peakAt: typeof r.peak_demand_at === "string" ? r.peak_demand_at : null,
    hourly: r.resolution === "hourly_mean_statistics",
    factor: toNumber(r.demand_factor) ?? 1.25,
    designW: toNumber(r.design_demand_w),
    ratingW: toNumber(r.service_rating_w),
    ratingA: toNumber(r.service_rating_a),
    unmanagedA: toNumber(r.unmanaged_available_a),
    managedA: toNumber(r.managed_available_a),
    additionalA: toNumber(r.additional_managed_a),
    days: toNumber(r.days_of_data),
  };
}
