/** English strings: the reference set; every other language falls back to these keys. */
export const en = {
  "card.name": "Capacity Manager",
  "card.description": "Site power against the limit, the priority ladder, mode and restore all.",
  "timeline.name": "Capacity Manager timeline",
  "timeline.description": "The last hours of site power against the limit, with shed and restore events.",

  "site.power": "Site power",
  "site.of_limit": "of {limit} limit",
  "site.no_limit": "no limit known",
  "site.headroom": "{value} headroom",
  "site.over": "{value} over the limit",
  "site.unavailable": "Site power unavailable",

  "source.panel": "panel limit",
  "source.continuous": "continuous 80 % limit",
  "source.grid": "grid limit",
  "source.override": "your override",
  "source.window": "tariff window limit",

  "mark.limit": "Limit",
  "mark.shed": "Shed above",
  "mark.target": "Shed down to",
  "mark.restore": "Restore below",

  "status.normal": "Normal",
  "status.shedding": "Shedding",
  "status.restoring": "Restoring",
  "status.failsafe": "Failsafe",
  "status.monitor": "Monitoring",
  "status.off": "Off",
  "status.unknown": "Unknown",

  "phases.title": "Phases",
  "phases.label": "L{n}",

  "loads.title": "Priority ladder",
  "loads.hint": "shed from the bottom up",
  "loads.none": "No controllable loads yet. Add one in the integration's settings.",
  "loads.priority": "Priority {n}",

  "load.on": "On",
  "load.shed": "Shed",
  "load.modulated": "Modulated at {value}",
  "load.modulated_plain": "Modulated",
  "load.override": "Manual override",
  "load.unavailable": "Unavailable",
  "load.never_shed": "Never shed",
  "load.off": "Off",
  "load.unknown": "Unknown",

  "reason.over_limit": "over the limit",
  "reason.continuous_limit": "continuous 80 % limit",
  "reason.phase_limit": "phase current limit",
  "reason.window_limit": "rolling average limit",
  "reason.headroom": "headroom returned",
  "reason.max_off_time": "maximum off time",
  "reason.export_limit": "export limit",
  "reason.failsafe": "failsafe: site power unknown",
  "reason.manual": "manual",
  "reason.mode_change": "mode change",

  "mode.title": "Mode",
  "mode.active": "Active",
  "mode.monitor": "Monitor",
  "mode.off": "Off",

  "action.restore_all": "Restore all",
  "action.restore_all_hint": "Give back every load Capacity Manager holds",

  "error.not_found": "No Capacity Manager found. Choose one in the card editor.",
  "error.no_entities": "Capacity Manager entities are not available yet.",

  "timeline.hours": "Last {hours} h",
  "timeline.power": "Site power",
  "timeline.limit": "Limit",
  "timeline.shed": "Shed",
  "timeline.restored": "Restored",
  "timeline.loading": "Loading history…",
  "timeline.no_data": "No history in this period.",
  "timeline.error": "History could not be loaded.",

  "editor.entry_id": "Capacity Manager",
  "editor.device_id": "Panel device (instead of the entry)",
  "editor.title": "Title (optional)",
  "editor.show_phases": "Show phase bars",
  "editor.show_loads": "Show the priority ladder",
  "editor.show_controls": "Show mode and restore all",
  "editor.hours_to_show": "Hours to show",
};

export type TranslationKey = keyof typeof en;
