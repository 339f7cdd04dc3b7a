/**
 * The priority ladder: every controllable load in priority order (1 = most important, shed
 * last), with what Capacity Manager is doing to it and what it draws. Clicking a row opens
 * the load's more-info dialog.
 */
import { css, html, nothing, type TemplateResult } from "lit";

import { formatPower, formatSetpoint } from "./format";
import { localizeValue, type Localize } from "./i18n";
import type { LoadView } from "./model";
import { statusTone } from "./styles";

export function loadStatusText(load: LoadView, lang: string, localize: Localize): string {
  if (load.status === "modulated") {
    return load.setpoint === null
      ? localize("load.modulated_plain")
      : localize("load.modulated", { value: formatSetpoint(load.setpoint, load.setpointUnit, lang) });
  }
  return localizeValue(localize, "load", load.status);
}

/** Why a load is held, shown only while it is (a reason on a running load is history). */
function reasonText(load: LoadView, localize: Localize): string | null {
  if (!load.reason || !["shed", "modulated"].includes(load.status)) {
    return null;
  }
  return localizeValue(localize, "reason", load.reason);
}

export function renderLadder(
  loads: LoadView[],
  lang: string,
  localize: Localize,
  onOpen: (entityId: string) => void,
): TemplateResult {
  const open = (ev: Event, entityId: string): void => {
    if (ev instanceof KeyboardEvent && ev.key !== "Enter" && ev.key !== " ") {
      return;
    }
    ev.preventDefault();
    onOpen(entityId);
  };
  return html`
    <div class="ladder">
      <div class="ladder-head">
        <span class="section-title">${localize("loads.title")}</span>
        ${loads.length > 1 ? html`<span class="muted">${localize("loads.hint")}</span>` : nothing}
      </div>
      ${loads.length
        ? html`<ul>
            ${loads.map((load) => {
              const reason = reasonText(load, localize);
              return html`
                <li
                  class="load"
                  role="button"
                  tabindex="0"
                  data-entity=${load.entityId}
                  data-status=${load.status}
                  @click=${(ev: Event) => open(ev, load.entityId)}
                  @keydown=${(ev: Event) => open(ev, load.entityId)}
                >
                  <span class="prio" title=${load.priority === null ? "" : localize("loads.priority", { n: load.priority })}
                    >${load.priority ?? "–"}</span
                  >
                  <span class="name">
                    <span class="load-name">${load.name}</span>
                    ${reason ? html`<span class="reason" title=${reason}>${reason}</span>` : nothing}
                  </span>
                  <span class="chip tone-${statusTone(load.status)}" data-role="status">${loadStatusText(load, lang, localize)}</span>
                  <span class="power" data-role="power">${formatPower(load.powerW, lang)}</span>
                </li>
              `;
            })}
          </ul>`
        : html`<div class="message">${localize("loads.none")}</div>`}
    </div>
  `;
}

export const ladderStyles = css`
  .ladder {
    margin-top: 16px;
    border-top: 1px solid var(--cm-line);
    padding-top: 12px;
  }
  .ladder-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 8px;
    margin-bottom: 4px;
    font-size: 12px;
  }
  .section-title {
    font-size: 14px;
    font-weight: 500;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* Wide: name over reason, then the status chip and the power on one line.
     Narrow (a phone): name, then chip and reason below it, so names are not cut short. */
  .load {
    display: grid;
    grid-template-columns: 28px minmax(0, 1fr) auto 4.6em;
    grid-template-areas: "prio name chip power";
    align-items: center;
    column-gap: 10px;
    min-height: 44px;
    padding: 4px 6px;
    margin: 0 -6px;
    border-radius: 8px;
    cursor: pointer;
    outline: none;
  }
  .prio {
    grid-area: prio;
  }
  .name {
    grid-area: name;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .load .chip {
    grid-area: chip;
  }
  .power {
    grid-area: power;
  }
  .load:hover,
  .load:focus-visible {
    background: var(--cm-track);
  }
  .prio {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 26px;
    height: 26px;
    border-radius: 50%;
    font-size: 12px;
    font-weight: 600;
    color: var(--cm-muted);
    border: 1.5px solid var(--cm-line);
    box-sizing: border-box;
  }
  .load-name,
  .reason {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .reason {
    font-size: 12px;
    color: var(--cm-muted);
  }
  .load .chip::before {
    display: none;
  }
  .load .chip {
    justify-self: end;
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    flex: none;
  }
  .load[data-status="off"] .load-name,
  .load[data-status="unavailable"] .load-name {
    color: var(--cm-muted);
  }
  .power {
    text-align: right;
    font-variant-numeric: tabular-nums;
    font-size: 13px;
    white-space: nowrap;
  }
  @container (max-width: 420px) {
    .load {
      grid-template-columns: 28px auto minmax(0, 1fr) auto;
      grid-template-areas:
        "prio name name power"
        "prio chip reason power";
      column-gap: 8px;
      row-gap: 2px;
      padding-top: 6px;
      padding-bottom: 6px;
    }
    .name {
      display: contents;
    }
    .load-name {
      grid-area: name;
    }
    .reason {
      grid-area: reason;
    }
    .load .chip {
      justify-self: start;
    }
  }
`;
