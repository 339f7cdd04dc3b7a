/**
 * Entry point of the bundle HA loads on every page (`add_extra_js_url`).
 *
 * The elements are defined only once `home-assistant` is: by then HA's own elements
 * (`ha-card`, `ha-form`) exist, and a page without HA never gets half-working cards.
 */
import { CapacityManagerCard, CARD_TAG, EDITOR_TAG } from "./card";
import { CapacityManagerCardEditor, CapacityManagerTimelineCardEditor } from "./editor";
import { localizer } from "./i18n";
import { CapacityManagerPanelSizing, SIZING_TAG } from "./sizing";
import { CapacityManagerTimelineCard, TIMELINE_EDITOR_TAG, TIMELINE_TAG } from "./timeline-card";
import { CapacityManagerWhatIf, WHAT_IF_TAG } from "./what-if";

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

const DOCS = "https://github.com/capacity-manager/capacity-manager";

const ELEMENTS: [string, CustomElementConstructor][] = [
  [CARD_TAG, CapacityManagerCard],
  [EDITOR_TAG, CapacityManagerCardEditor],
  [TIMELINE_TAG, CapacityManagerTimelineCard],
  [TIMELINE_EDITOR_TAG, CapacityManagerTimelineCardEditor],
  [WHAT_IF_TAG, CapacityManagerWhatIf],
  [SIZING_TAG, CapacityManagerPanelSizing],
];

function defineElements(): void {
  for (const [tag, element] of ELEMENTS) {
    // Loaded twice (a resource added by hand as well): the first definition wins quietly.
    if (!customElements.get(tag)) {
      customElements.define(tag, element);
    }
  }
}

function registerInPicker(): void {
  const localize = localizer(document.documentElement.lang || navigator.language);
  const cards = (window.customCards ??= []);
  const entries: CustomCardEntry[] = [
    { type: CARD_TAG, name: localize("card.name"), description: localize("card.description") },
    { type: TIMELINE_TAG, name: localize("timeline.name"), description: localize("timeline.description") },
  ];
  for (const entry of entries) {
    if (!cards.some((card) => card.type === entry.type)) {
      cards.push({ ...entry, preview: true, documentationURL: DOCS });
    }
  }
}

registerInPicker();
void customElements.whenDefined("home-assistant").then(defineElements);
