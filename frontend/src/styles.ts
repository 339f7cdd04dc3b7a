/**
 * Shared styles. Every colour comes from HA's theme variables (with light-theme fallbacks),
 * so light, dark and custom themes apply without any code here.
 */
import { css } from "lit";

export const cardStyles = css`
  :host {
    display: block;
    --cm-ok: var(--success-color, #43a047);
    --cm-near: var(--warning-color, #ffa600);
    --cm-over: var(--error-color, #db4437);
    --cm-info: var(--info-color, #039be5);
    --cm-muted: var(--secondary-text-color, #727272);
    --cm-text: var(--primary-text-color, #212121);
    --cm-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    --cm-track: color-mix(in srgb, var(--cm-text) 8%, transparent);
    /* Words in a status colour on its own tint (chips, badges): the colour mixed toward the text
       colour (darker in a light theme, lighter in a dark one) so they read at 4.5:1 or more
       (WCAG AA) in both; the warning orange, the lightest, needs the most. */
    --cm-ok-text: color-mix(in srgb, var(--cm-ok) 55%, var(--cm-text));
    --cm-near-text: color-mix(in srgb, var(--cm-near) 40%, var(--cm-text));
    --cm-over-text: color-mix(in srgb, var(--cm-over) 55%, var(--cm-text));
    --cm-info-text: color-mix(in srgb, var(--cm-info) 55%, var(--cm-text));
    --cm-muted-text: color-mix(in srgb, var(--cm-muted) 55%, var(--cm-text));
  }
  ha-card {
    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    height: 100%;
    overflow: hidden;
    padding: 16px;
    color: var(--cm-text);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border-radius: var(--ha-card-border-radius, 12px);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    box-shadow: var(--ha-card-box-shadow, none);
    font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, inherit));
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-width: 0;
  }
  .title {
    font-size: var(--ha-font-size-l, 18px);
    font-weight: 500;
    line-height: 1.3;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex: none;
    padding: 3px 10px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 500;
    line-height: 18px;
    white-space: nowrap;
    color: var(--chip-text, var(--cm-muted-text));
    background: color-mix(in srgb, var(--chip-color, var(--cm-muted)) 14%, transparent);
  }
  /* The dot keeps the status's own colour. */
  .chip::before {
    content: "";
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--chip-color, var(--cm-muted));
  }
  .muted {
    color: var(--cm-muted);
  }
  .message {
    padding: 8px 0;
    color: var(--cm-muted);
  }
  .tone-ok {
    --chip-color: var(--cm-ok);
    --chip-text: var(--cm-ok-text);
  }
  .tone-near {
    --chip-color: var(--cm-near);
    --chip-text: var(--cm-near-text);
  }
  .tone-over {
    --chip-color: var(--cm-over);
    --chip-text: var(--cm-over-text);
  }
  .tone-info {
    --chip-color: var(--cm-info);
    --chip-text: var(--cm-info-text);
  }
  .tone-muted {
    --chip-color: var(--cm-muted);
    --chip-text: var(--cm-muted-text);
  }
`;

/** The tone (colour) that goes with a site status or a load status. */
export function statusTone(status: string | null): string {
  switch (status) {
    case "normal":
    case "on":
      return "ok";
    case "shedding":
    case "failsafe":
    case "shed":
      return "over";
    case "restoring":
    case "modulated":
    case "limiting_export":
      return "near";
    case "monitor":
    case "override":
    case "never_shed":
      return "info";
    default:
      return "muted";
  }
}
