/** Styles of the main card's tool sections (what-if form, panel sizing): folds, inputs, tables. */
import { css } from "lit";

export const sectionStyles = css`
  :host {
    display: block;
    font-size: 14px;
    --cm-ok: var(--success-color, #43a047);
    --cm-over: var(--error-color, #db4437);
    --cm-muted: var(--secondary-text-color, #727272);
    --cm-text: var(--primary-text-color, #212121);
    --cm-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    --cm-track: color-mix(in srgb, var(--cm-text) 8%, transparent);
    color: var(--cm-text);
  }
  .muted {
    color: var(--cm-muted);
  }
  .small {
    font-size: 12px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 8px;
    margin: 8px 0;
  }
  .label {
    flex: 0 0 100%;
    font-size: 12px;
    color: var(--cm-muted);
  }
  input,
  select {
    font: inherit;
    color: var(--cm-text);
    background: transparent;
    border: 1px solid var(--cm-line);
    border-radius: 8px;
    min-height: 34px;
    padding: 0 8px;
    box-sizing: border-box;
    min-width: 0;
  }
  input[type="number"],
  input[name="limit"] {
    width: 6.5em;
  }
  input[type="checkbox"] {
    min-height: 0;
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--primary-color, #03a9f4);
  }
  select option {
    color: #212121;
  }
  button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    min-height: 34px;
    padding: 0 14px;
    border-radius: 17px;
    cursor: pointer;
    color: var(--cm-text);
    background: transparent;
    border: 1px solid var(--cm-line);
  }
  button:disabled {
    cursor: default;
    opacity: 0.45;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 1px;
  }
  button.primary {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
    border-color: transparent;
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--cm-line);
    border-radius: 17px;
    overflow: hidden;
  }
  .segmented button {
    border: none;
    border-radius: 0;
    padding: 0 12px;
  }
  .segmented button + button {
    border-left: 1px solid var(--cm-line);
  }
  .segmented button[aria-pressed="true"] {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
  }
  .loads {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  .loads label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 28px;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: var(--cm-track);
    overflow: hidden;
    margin: 6px 0 4px;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color, #03a9f4);
    transition: width 0.3s ease;
  }
  .error {
    color: var(--cm-over);
    margin: 8px 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin: 8px 0;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: right;
    padding: 4px 0 4px 8px;
    border-bottom: 1px solid var(--cm-line);
    font-weight: normal;
    vertical-align: top;
  }
  th:first-child,
  td:first-child {
    text-align: left;
    padding-left: 0;
  }
  thead th {
    font-size: 12px;
    color: var(--cm-muted);
  }
  .verdict {
    margin: 10px 0 4px;
    font-weight: 500;
  }
  .verdict.ok {
    color: var(--cm-ok);
  }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 4px 12px;
    margin: 8px 0;
  }
  dt {
    color: var(--cm-muted);
  }
  dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  dd.strong {
    font-weight: 500;
    color: var(--cm-text);
  }
  p {
    margin: 6px 0;
  }
`;

/** The folds of the main card that hold the tool sections (in the card's own shadow root). */
export const toolStyles = css`
  .tools {
    margin-top: 14px;
    border-top: 1px solid var(--cm-line);
  }
  .tool {
    border-bottom: 1px solid var(--cm-line);
  }
  .tool:last-child {
    border-bottom: none;
  }
  .tool > summary {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 8px;
    min-height: 44px;
    align-content: center;
    cursor: pointer;
    list-style: none;
    font-size: 12px;
  }
  .tool > summary::-webkit-details-marker {
    display: none;
  }
  .tool > summary::before {
    content: "›";
    display: inline-block;
    width: 1em;
    font-size: 18px;
    line-height: 1;
    color: var(--cm-muted);
    transition: transform 0.2s ease;
  }
  .tool[open] > summary::before {
    transform: rotate(90deg);
  }
  .tool > summary:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  .tool[open] {
    padding-bottom: 10px;
  }
`;
