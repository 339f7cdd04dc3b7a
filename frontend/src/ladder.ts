/**
 * The priority ladder: every controllable load in priority order (1 = most important, shed
 * last), with what Capacity Manager is doing to it and what it draws; a charger with a charging
 * plan also shows when the car leaves, the energy still to go and, while the plan is at risk,
 * a badge saying so. Clicking a row opens the load's more-info dialog.
 */
import { css, html, nothing, type TemplateResult } from "lit";

import { formatPower, formatSetpoint, type Clock } from "./format";
import { localizeValue, type Localize } from "./i18n";
import { planText, type LoadView } from "./model";
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

/** The plan line under a charger's name and status: an at-risk badge (text, not colour alone), then the plan. */
function renderPlan(load: LoadView, lang: string, localize: Localize, clock: Clock): TemplateResult | typeof nothing {
  if (!load.plan) {
    return nothing;
  }
  return html`<span class="plan" data-role="plan">
    ${load.plan.atRisk
      ? html`<span class="plan-risk" data-role="plan-risk" title=${localize("plan.at_risk_hint")}
          ><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 2 1 21h22L12 2zm1 16h-2v-2h2v2zm0-4h-2V9h2v5z" /></svg
          >${localize("plan.at_risk")}</span
        >`
      : nothing}
    <span class="plan-text">${planText(load.plan, lang, localize, clock)}</span>
  </span>`;
}

export function renderLadder(
  loads: LoadView[],
  lang: string,
  localize: Localize,
  onOpen: (entityId: string) => void,
  clock: Clock = {},
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
                  class="load${load.plan ? " with-plan" : ""}"
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
                  ${renderPlan(load, lang, localize, clock)}
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
  /* A charger with a plan: the plan on a line of its own under the name and the chip. */
  .load.with-plan {
    grid-template-areas:
      "prio name chip power"
      "prio plan plan power";
    row-gap: 2px;
    padding-top: 6px;
    padding-bottom: 6px;
  }
  .plan {
    grid-area: plan;
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
  .plan {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 6px;
    min-width: 0;
    font-size: 12px;
    line-height: 18px;
    color: var(--cm-muted);
  }
  .plan-text {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  /* The warning colour, darkened toward the text colour (lightened in a dark theme) so the
     words keep their contrast on the tinted background, as on the status chips. */
  .plan-risk {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    padding: 0 7px 0 5px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 600;
    line-height: 16px;
    white-space: nowrap;
    color: var(--cm-near-text);
    background: color-mix(in srgb, var(--cm-near) 18%, transparent);
    border: 1px solid color-mix(in srgb, var(--cm-near) 60%, transparent);
  }
  .plan-risk svg {
    width: 12px;
    height: 12px;
    fill: currentColor;
    flex: none;
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
    .load.with-plan {
      grid-template-areas:
        "prio name name power"
        "prio chip reason power"
        "prio plan plan plan";
    }
    .load .chip {
      justify-self: start;
    }
  }
`;
