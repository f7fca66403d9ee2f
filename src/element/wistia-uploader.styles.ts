import { css } from 'lit';

/**
 * What the element shows before any file: its surface, the drop zone, the link field and the buttons.
 * Public custom properties are read with fallbacks (not declared on `:host`), so a theme set on any ancestor
 * reaches the element. Colours follow the inherited `color-scheme`: the element is dark on a page that is dark.
 * Engines without light-dark() (Chrome < 123, Firefox < 120, Safari < 17.5) get the light palette on a white
 * ground, and those without color-mix() plain colours instead of tints (the two `@supports not` blocks).
 * What only rows need is in row.styles.ts, which comes with them.
 */
export const styles = css`
  :host {
    --_accent: var(--wistia-uploader-accent, light-dark(#1d4ed8, #93b4ff));
    --_on-accent: var(--wistia-uploader-accent-text, light-dark(#fff, #0b1020));
    --_bg: var(--wistia-uploader-background, light-dark(#fff, #16181d));
    --_text: var(--wistia-uploader-text, light-dark(#1f2328, #e6e8eb));
    --_border: var(--wistia-uploader-border, light-dark(#6b7280, #9ca3af));
    --_radius: var(--wistia-uploader-radius, 8px);
    --_error: var(--wistia-uploader-error, light-dark(#b42318, #ffb4a9));
    --_muted: color-mix(in srgb, var(--_text) 72%, var(--_bg));
    --_track: color-mix(in srgb, var(--_text) 12%, var(--_bg));
    --_tint: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
    display: block;
    font: var(--wistia-uploader-font, inherit);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  p,
  ::slotted(*) {
    margin: 0;
  }
  /* Its own surface: it looks finished on a bare page, and its fields never touch the page's edge. */
  .base {
    display: grid;
    gap: 16px;
    padding: 16px;
    container-type: inline-size;
    background: var(--_bg);
    border: 1px solid var(--_track);
    border-radius: calc(var(--_radius) * 1.5);
    box-shadow:
      0 1px 2px rgb(0 0 0 / 0.05),
      0 4px 16px rgb(0 0 0 / 0.06);
  }
  .dropzone {
    display: grid;
    justify-items: center;
    gap: 8px;
    padding: 28px 16px;
    text-align: center;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_accent) 4%, var(--_bg));
  }
  .icon {
    display: grid;
    place-items: center;
    width: 48px;
    height: 48px;
    border-radius: 50%;
    background: var(--_tint);
    color: var(--_accent);
  }
  :host([dragging]) .dropzone {
    border: 2px solid var(--_accent);
    background: var(--_tint);
  }
  :host([disabled]) .dropzone {
    border-style: dotted;
  }
  .heading {
    font-size: 1.125em;
  }
  .heading,
  .primary {
    font-weight: 600;
  }
  .limits,
  .url label {
    font-size: 0.875em;
  }
  .limits,
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  button,
  input {
    min-height: 36px;
    padding: 4px 10px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-width: 24px;
    padding-inline: 14px;
    border-color: var(--_accent);
    color: var(--_accent);
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover:enabled {
    background: var(--_tint);
  }
  .primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .primary:hover:enabled {
    background: color-mix(in srgb, var(--_accent) 85%, var(--_text));
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* Grows in the link field's row; the edit fields sit in grids, where flex does nothing. */
  input {
    flex: 1 1 16em;
    min-width: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .url {
    display: grid;
    gap: 6px;
  }
  .url label {
    color: var(--_muted);
  }
  .url-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* A touch-only screen has nothing to drag from: the drop zone speaks of choosing only. */
  @media (hover: none) and (pointer: coarse) {
    .hint {
      display: none;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: background-color 0.15s;
    }
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_accent: var(--wistia-uploader-accent, #1d4ed8);
      --_on-accent: var(--wistia-uploader-accent-text, #fff);
      --_bg: var(--wistia-uploader-background, #fff);
      --_text: var(--wistia-uploader-text, #1f2328);
      --_border: var(--wistia-uploader-border, #6b7280);
      --_error: var(--wistia-uploader-error, #b42318);
    }
  }
  /* Elsewhere an unread color-mix() leaves its property unset: muted text inherits, a tint shows the ground behind. */
  @supports not (color: color-mix(in srgb, red, blue)) {
    :host {
      --_track: var(--_border);
    }
    .primary:hover:enabled {
      background: var(--_accent);
    }
  }
  @media (forced-colors: active) {
    :host([dragging]) .dropzone {
      border-color: Highlight;
    }
    .primary {
      border-color: ButtonText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
