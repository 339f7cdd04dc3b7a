import type { TranslationKey } from "./en";

/** German strings. */
export const de: Partial<Record<TranslationKey, string>> = {
  "card.name": "Capacity Manager",
  "card.description": "Hausleistung gegenüber dem Limit, Prioritätenliste, Modus und alles zurückgeben.",
  "timeline.name": "Capacity Manager Verlauf",
  "timeline.description": "Die letzten Stunden Hausleistung gegenüber dem Limit, mit Abwurf- und Rückgabe-Ereignissen.",

  "site.power": "Hausleistung",
  "site.of_limit": "von {limit} Limit",
  "site.no_limit": "kein Limit bekannt",
  "site.headroom": "{value} Reserve",
  "site.over": "{value} über dem Limit",
  "site.unavailable": "Hausleistung nicht verfügbar",

  "source.panel": "Hauptsicherung",
  "source.continuous": "Dauerlast-Grenze 80 %",
  "source.grid": "Netzvorgabe",
  "source.override": "manuelle Vorgabe",
  "source.window": "Tarif-Zeitfenster",

  "mark.limit": "Limit",
  "mark.shed": "Abwurf über",
  "mark.target": "Abwurf bis",
  "mark.restore": "Rückgabe unter",

  "status.normal": "Normal",
  "status.shedding": "Lastabwurf",
  "status.restoring": "Rückgabe",
  "status.failsafe": "Notbetrieb",
  "status.monitor": "Beobachten",
  "status.off": "Aus",
  "status.unknown": "Unbekannt",

  "phases.title": "Phasen",
  "phases.label": "L{n}",

  "loads.title": "Prioritätenliste",
  "loads.hint": "Abwurf von unten nach oben",
  "loads.none": "Noch keine steuerbaren Verbraucher. In den Einstellungen der Integration hinzufügen.",
  "loads.priority": "Priorität {n}",

  "load.on": "An",
  "load.shed": "Abgeworfen",
  "load.modulated": "Gedrosselt auf {value}",
  "load.modulated_plain": "Gedrosselt",
  "load.override": "Manuell übersteuert",
  "load.unavailable": "Nicht verfügbar",
  "load.never_shed": "Nie abwerfen",
  "load.off": "Aus",
  "load.unknown": "Unbekannt",

  "reason.over_limit": "über dem Limit",
  "reason.continuous_limit": "Dauerlast-Grenze 80 %",
  "reason.phase_limit": "Phasenstrom-Grenze",
  "reason.window_limit": "gleitender Mittelwert",
  "reason.headroom": "wieder Reserve",
  "reason.max_off_time": "maximale Aus-Zeit",
  "reason.export_limit": "Einspeisegrenze",
  "reason.failsafe": "Notbetrieb: Hausleistung unbekannt",
  "reason.manual": "manuell",
  "reason.mode_change": "Moduswechsel",

  "mode.title": "Modus",
  "mode.active": "Aktiv",
  "mode.monitor": "Beobachten",
  "mode.off": "Aus",

  "action.restore_all": "Alle zurückgeben",
  "action.restore_all_hint": "Alle von Capacity Manager gehaltenen Verbraucher zurückgeben",

  "error.not_found": "Kein Capacity Manager gefunden. Im Karten-Editor auswählen.",
  "error.no_entities": "Die Entitäten von Capacity Manager sind noch nicht verfügbar.",

  "timeline.hours": "Letzte {hours} h",
  "timeline.power": "Hausleistung",
  "timeline.limit": "Limit",
  "timeline.shed": "Abgeworfen",
  "timeline.restored": "Zurückgegeben",
  "timeline.loading": "Verlauf wird geladen…",
  "timeline.no_data": "Kein Verlauf in diesem Zeitraum.",
  "timeline.error": "Der Verlauf konnte nicht geladen werden.",

  "editor.entry_id": "Capacity Manager",
  "editor.device_id": "Verteiler-Gerät (statt des Eintrags)",
  "editor.title": "Titel (optional)",
  "editor.show_phases": "Phasenbalken anzeigen",
  "editor.show_loads": "Prioritätenliste anzeigen",
  "editor.show_controls": "Modus und „Alle zurückgeben“ anzeigen",
  "editor.hours_to_show": "Angezeigte Stunden",
};
