import type { TranslationKey } from "./en";

/** French strings. */
export const fr: Partial<Record<TranslationKey, string>> = {
  "card.name": "Capacity Manager",
  "card.description": "Puissance du site face à la limite, liste de priorités, mode et tout rétablir.",
  "timeline.name": "Capacity Manager historique",
  "timeline.description": "Les dernières heures de puissance du site face à la limite, avec délestages et rétablissements.",

  "site.power": "Puissance du site",
  "site.of_limit": "sur {limit} de limite",
  "site.no_limit": "limite inconnue",
  "site.headroom": "{value} de marge",
  "site.over": "{value} au-dessus de la limite",
  "site.unavailable": "Puissance du site indisponible",

  "source.panel": "limite du tableau",
  "source.continuous": "limite continue de 80 %",
  "source.grid": "limite du réseau",
  "source.override": "votre limite manuelle",
  "source.window": "limite de la fenêtre tarifaire",

  "mark.limit": "Limite",
  "mark.shed": "Délestage au-dessus de",
  "mark.target": "Délestage jusqu'à",
  "mark.restore": "Rétablissement sous",

  "status.normal": "Normal",
  "status.shedding": "Délestage",
  "status.restoring": "Rétablissement",
  "status.failsafe": "Sécurité",
  "status.monitor": "Surveillance",
  "status.off": "Arrêt",
  "status.unknown": "Inconnu",

  "phases.title": "Phases",
  "phases.label": "L{n}",

  "loads.title": "Liste de priorités",
  "loads.hint": "délestée de bas en haut",
  "loads.none": "Aucune charge pilotable. Ajoutez-en une dans les réglages de l'intégration.",
  "loads.priority": "Priorité {n}",

  "load.on": "En marche",
  "load.shed": "Délestée",
  "load.modulated": "Modulée à {value}",
  "load.modulated_plain": "Modulée",
  "load.override": "Reprise manuelle",
  "load.unavailable": "Indisponible",
  "load.never_shed": "Jamais délestée",
  "load.off": "Arrêtée",
  "load.unknown": "Inconnu",

  "reason.over_limit": "au-dessus de la limite",
  "reason.continuous_limit": "limite continue de 80 %",
  "reason.phase_limit": "limite de courant de phase",
  "reason.window_limit": "limite en moyenne glissante",
  "reason.headroom": "marge retrouvée",
  "reason.max_off_time": "durée d'arrêt maximale",
  "reason.export_limit": "limite d'injection",
  "reason.failsafe": "sécurité : puissance du site inconnue",
  "reason.manual": "manuel",
  "reason.mode_change": "changement de mode",

  "mode.title": "Mode",
  "mode.active": "Actif",
  "mode.monitor": "Surveillance",
  "mode.off": "Arrêt",

  "action.restore_all": "Tout rétablir",
  "action.restore_all_hint": "Rendre toutes les charges retenues par Capacity Manager",

  "error.not_found": "Aucun Capacity Manager trouvé. Choisissez-en un dans l'éditeur de carte.",
  "error.no_entities": "Les entités de Capacity Manager ne sont pas encore disponibles.",

  "timeline.hours": "Dernières {hours} h",
  "timeline.power": "Puissance du site",
  "timeline.limit": "Limite",
  "timeline.shed": "Délestée",
  "timeline.restored": "Rétablie",
  "timeline.loading": "Chargement de l'historique…",
  "timeline.no_data": "Pas d'historique sur cette période.",
  "timeline.error": "L'historique n'a pas pu être chargé.",

  "editor.entry_id": "Capacity Manager",
  "editor.device_id": "Appareil du tableau (au lieu de l'entrée)",
  "editor.title": "Titre (facultatif)",
  "editor.show_phases": "Afficher les barres de phase",
  "editor.show_loads": "Afficher la liste de priorités",
  "editor.show_controls": "Afficher le mode et « Tout rétablir »",
  "editor.hours_to_show": "Heures affichées",
};
