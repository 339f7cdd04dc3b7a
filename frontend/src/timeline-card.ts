/**
 * `capacity-manager-timeline-card`: the last hours of site power against the limit, with the
 * moments loads were shed and given back. History and logbook come over the websocket API
 * (reloaded every few minutes), with hourly statistics before the first recorded state; between
 * loads, the live states extend the lines and changes of the load status sensors add their
 * marks at once. The chart is plain SVG drawn here (no chart library to ship or keep up to date).
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";

import { checkSource } from "./card";
import { DiscoveryCache, deviceName, firstSource, type Discovered } from "./discovery";
import { localizer } from "./i18n";
import { powerFactor, powerOf } from "./model";
import { cardStyles } from "./styles";
import { eventsFrom, initialStates, seriesFrom, withStatistics, type Point, type TimelineEvent } from "./timeline-data";
import { renderChart, timelineStyles, type ChartData } from "./timeline-chart";
import type { HomeAssistant, TimelineCardConfig } from "./types";

export const TIMELINE_TAG = "capacity-manager-timeline-card";
export const TIMELINE_EDITOR_TAG = "capacity-manager-timeline-card-editor";

const REFRESH_MS = 5 * 60_000;
const DEFAULT_HOURS = 24;

/** The load status sensors: their changes are the shed and restore marks. */
function statusIdsOf(found: Discovered): string[] {
  return found.loads.map((load) => load.entities.load_status).filter((id): id is string => Boolean(id));
}

export class CapacityManagerTimelineCard extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _data: { state: true },
    _error: { state: true },
    _width: { state: true },
    _hover: { state: true },
    _live: { state: true },
  };

  hass?: HomeAssistant;
  _config?: TimelineCardConfig;
  _data?: ChartData;
  _error = false;
  _width = 0;
  _hover: number | null = null;
  /** Status changes seen live since the last load, and each status sensor's state at that load. */
  _live: { when: number; entity_id: string; state: string }[] = [];
  private _liveFrom = new Map<string, string>();
  private _timer?: number;
  private _resize?: ResizeObserver;
  private _loading = false;
  private _loadedFor = "";
  private _cache = new DiscoveryCache();

  static getConfigElement(): HTMLElement {
    return document.createElement(TIMELINE_EDITOR_TAG);
  }

  static getStubConfig(hass?: HomeAssistant): TimelineCardConfig {
    return { type: `custom:${TIMELINE_TAG}`, ...firstSource(hass) };
  }

  setConfig(config: TimelineCardConfig): void {
    checkSource(config);
    const hours = config.hours_to_show;
    if (hours !== undefined && (typeof hours !== "number" || !(hours >= 1 && hours <= 168))) {
      throw new Error("Invalid configuration: hours_to_show must be a number from 1 to 168.");
    }
    this._config = { ...config };
  }

  getCardSize(): number {
    return 4;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6 };
  }

  private get _hours(): number {
    return this._config?.hours_to_show ?? DEFAULT_HOURS;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = window.setInterval(() => void this._load(true), REFRESH_MS);
    this._resize = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width && width !== this._width) {
        this._width = width;
      }
    });
    this._resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this._timer);
    this._resize?.disconnect();
  }

  /** Redraw for our own entities only; load when the source or the window changes. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has("hass")) {
      const old = changed.get("hass") as HomeAssistant | undefined;
      const found = this._found();
      const ids = found ? [found.site.site_power, found.site.effective_limit, ...statusIdsOf(found)] : [];
      return !old || ids.some((id) => id && old.states[id] !== this.hass?.states[id]) || old.language !== this.hass?.language;
    }
    return true;
  }

  /** A load status sensor changed since the last render: note it for a live mark. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    const old = changed.get("hass") as HomeAssistant | undefined;
    const hass = this.hass;
    const found = this._found();
    if (!old || !hass || !found || !this._data) {
      return;
    }
    const end = this._data.end;
    const added = statusIdsOf(found)
      .filter((id) => hass.states[id] && old.states[id]?.state !== hass.states[id]?.state)
      .map((id) => {
        const entity = hass.states[id] as NonNullable<HomeAssistant["states"][string]>;
        const when = Math.max(Date.parse(entity.last_changed) || Date.now(), end + 1);
        return { when: when / 1000, entity_id: id, state: entity.state };
      });
    if (added.length) {
      this._live = [...this._live, ...added];
    }
  }

  protected override updated(): void {
    const found = this._found();
    const key = JSON.stringify([found?.panelDeviceId, this._hours]);
    if (this.hass && found && key !== this._loadedFor) {
      this._loadedFor = key;
      void this._load(false);
    }
  }

  private _found(): Discovered | null {
    return this._cache.get(this.hass, this._config);
  }

  private async _load(quiet: boolean): Promise<void> {
    const hass = this.hass;
    const found = this._found();
    if (!hass || !found || this._loading) {
      return;
    }
    const powerId = found.site.site_power;
    const limitId = found.site.effective_limit;
    const statusIds = statusIdsOf(found);
    const end = Date.now();
    const start = end - this._hours * 3600_000;
    const period = { start_time: new Date(start).toISOString(), end_time: new Date(end).toISOString() };
    this._loading = true;
    try {
      const [history, logbook, statistics] = await Promise.all([
        hass.connection.sendMessagePromise<Record<string, unknown>>({
          type: "history/history_during_period",
          ...period,
          entity_ids: [powerId, limitId, ...statusIds].filter(Boolean),
          minimal_response: true,
          no_attributes: true,
          significant_changes_only: false,
        }),
        statusIds.length
          ? hass.connection.sendMessagePromise<unknown[]>({ type: "logbook/get_events", ...period, entity_ids: statusIds })
          : Promise.resolve([]),
        // Hourly means where states are gone or were never recorded (see statisticsSeries);
        // from the whole hour the window starts in, in watts whatever the sensor's unit.
        // Optional: without them the card shows the states it has.
        hass.connection
          .sendMessagePromise<Record<string, unknown>>({
            type: "recorder/statistics_during_period",
            start_time: new Date(Math.floor(start / 3600_000) * 3600_000).toISOString(),
            end_time: period.end_time,
            statistic_ids: [powerId, limitId].filter(Boolean),
            period: "hour",
            types: ["mean"],
            units: { power: "W" },
          })
          .catch(() => ({}) as Record<string, unknown>),
      ]);
      const names = new Map(found.loads.map((load) => [load.entities.load_status as string, load.name]));
      const series = (id: string | undefined): Point[] =>
        id ? withStatistics(seriesFrom(history?.[id], powerFactor(hass.states[id])), statistics?.[id]) : [];
      this._data = {
        start,
        end,
        power: series(powerId),
        limit: series(limitId),
        events: eventsFrom(logbook, names, initialStates(history, statusIds)),
      };
      const now = this.hass ?? hass;
      this._liveFrom = new Map(statusIds.map((id) => [id, now.states[id]?.state ?? ""]));
      this._live = [];
      this._error = false;
    } catch (err) {
      if (!quiet || !this._data) {
        this._error = true;
      }
      console.warn("capacity-manager-timeline-card: history could not be loaded", err);
    } finally {
      this._loading = false;
    }
  }

  /** The loaded series, extended to now with the live states (no wait for the next load). */
  private _liveData(found: Discovered): ChartData | undefined {
    const data = this._data;
    const hass = this.hass;
    if (!data || !hass) {
      return data;
    }
    const now = Math.max(Date.now(), data.end);
    const start = now - this._hours * 3600_000;
    const extend = (points: Point[], id: string | undefined): Point[] => {
      const live = id ? powerOf(hass.states[id]) : null;
      return live === null ? points : [...points, { t: now, v: live }];
    };
    const names = new Map(found.loads.map((load) => [load.entities.load_status as string, load.name]));
    const live = eventsFrom(this._live, names, this._liveFrom);
    const events: TimelineEvent[] = [...data.events, ...live].filter((e) => e.t >= start);
    return {
      start,
      end: now,
      power: extend(data.power, found.site.site_power),
      limit: extend(data.limit, found.site.effective_limit),
      events,
    };
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this._config || !this.hass) {
      return nothing;
    }
    const localize = localizer(this.hass.language);
    const found = this._found();
    const title =
      this._config.title ||
      deviceName(found?.panelDeviceId ? this.hass.devices[found.panelDeviceId] : undefined) ||
      localize("timeline.name");
    let body: TemplateResult;
    if (!found) {
      body = html`<div class="message" data-role="error">${localize("error.not_found")}</div>`;
    } else if (this._error) {
      body = html`<div class="message" data-role="error">${localize("timeline.error")}</div>`;
    } else {
      const data = this._liveData(found);
      body = data
        ? renderChart(data, this._width, this.hass, localize, { t: this._hover, set: (t) => (this._hover = t) })
        : html`<div class="message" data-role="loading">${localize("timeline.loading")}</div>`;
    }
    return html`
      <ha-card>
        <div class="header">
          <span class="title">${title}</span>
          <span class="muted subtitle">${localize("timeline.hours", { hours: this._hours })}</span>
        </div>
        ${body}
      </ha-card>
    `;
  }

  static override styles = [cardStyles, timelineStyles];
}
