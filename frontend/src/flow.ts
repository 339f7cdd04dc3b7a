/**
 * Import and export at the meter: which way power flows (negative site power is export), the
 * export limit when one is set, and how far export goes past it.
 */
import { css, html, nothing, type TemplateResult } from "lit";

import { formatPower } from "./format";
import type { Localize } from "./i18n";
import { exportOverW, type SiteView } from "./model";

export function renderFlow(view: SiteView, localize: Localize): TemplateResult | typeof nothing {
  if (!view.flow) {
    return nothing;
  }
  return html`<span class="flow flow-${view.flow}" data-value="flow" data-flow=${view.flow}
    >${localize(view.flow === "export" ? "site.exporting" : "site.importing")}</span
  >`;
}

export function renderExportLimit(view: SiteView, lang: string, localize: Localize): TemplateResult | typeof nothing {
  if (view.exportLimitW === null) {
    return nothing;
  }
  return html`<span class="legend-item" data-value="export-limit"
    ><i class="key key-export"></i>${localize("site.export_limit", { value: formatPower(view.exportLimitW, lang) })}</span
  >`;
}

export function renderExportOver(view: SiteView, lang: string, localize: Localize): TemplateResult | typeof nothing {
  const over = exportOverW(view);
  if (over <= 0) {
    return nothing;
  }
  return html`<span class="headroom over" data-value="export-over"
    >${localize("site.export_over", { value: formatPower(over, lang) })}</span
  >`;
}

export const flowStyles = css`
  .flow {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    white-space: nowrap;
    color: var(--cm-muted-text);
    background: var(--cm-track);
  }
  .flow-export {
    color: var(--cm-ok-text);
    background: color-mix(in srgb, var(--cm-ok) 14%, transparent);
  }
  .flow-import::before {
    content: "↓ ";
  }
  .flow-export::before {
    content: "↑ ";
  }
  .key-export {
    background: var(--cm-info);
  }
`;
