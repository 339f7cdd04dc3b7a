/** Small bridges to Home Assistant's frontend conventions. */

/** Fire an event the way HA's frontend listens for it (bubbles out of shadow roots). */
export function fireEvent(node: HTMLElement, type: string, detail: unknown): void {
  node.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Open HA's more-info dialog for an entity. */
export function showMoreInfo(node: HTMLElement, entityId: string): void {
  fireEvent(node, "hass-more-info", { entityId });
}

/**
 * HA loads `ha-form` and its selectors lazily. Asking a built-in card for its editor loads
 * them, so our editor can render `ha-form` even on a dashboard that used none before.
 */
export async function ensureHaForm(): Promise<void> {
  if (customElements.get("ha-form")) {
    return;
  }
  const helpers = customElements.get("hui-entities-card") as
    | (CustomElementConstructor & { getConfigElement?: () => Promise<unknown> })
    | undefined;
  try {
    await helpers?.getConfigElement?.();
  } catch {
    // Best effort only: without it, ha-form appears once HA has loaded it elsewhere.
  }
}
