/**
 * A tiny translation helper keyed by `hass.language`.
 * "de-CH" falls back to "de", and any missing key to English, so a half-translated
 * language still shows a usable card.
 */
import { de } from "./translations/de";
import { en, type TranslationKey } from "./translations/en";
import { fr } from "./translations/fr";
import { nl } from "./translations/nl";

export type { TranslationKey };

export const LANGUAGES: Record<string, Partial<Record<TranslationKey, string>>> = { en, de, fr, nl };

export function baseLanguage(language: string | undefined): string {
  return (language || "en").toLowerCase().split(/[-_]/)[0] || "en";
}

export type Localize = (key: TranslationKey, vars?: Record<string, string | number>) => string;

export function localizer(language: string | undefined): Localize {
  const table = LANGUAGES[baseLanguage(language)] ?? en;
  return (key, vars) => {
    let text = table[key] ?? en[key] ?? key;
    if (vars) {
      for (const [name, value] of Object.entries(vars)) {
        text = text.split(`{${name}}`).join(String(value));
      }
    }
    return text;
  };
}

/** Translate a key built from data (a status or reason); unknown values show as they are. */
export function localizeValue(localize: Localize, prefix: string, value: string): string {
  const key = `${prefix}.${value}` as TranslationKey;
  return key in en ? localize(key) : value.replace(/_/g, " ");
}
