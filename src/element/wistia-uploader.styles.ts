import { css } from 'lit';

/**
 * Public custom properties are read with fallbacks (not declared on `:host`), so a theme set on any ancestor
 * reaches the element. Colours follow the inherited `color-scheme`: the element is dark on a page that is dark.
 * Engines without light-dark() (Chrome < 123, Firefox < 120, Safari < 17.5) get the light palette on a white
 * ground, and those without color-mix() plain colours instead of tints (the two `@supports not` blocks).
 */
export const styles = css`
  :host {
    --_accent: var(--wistia-uploader-accent, light-dark(#1d4ed8, #93b4ff));
    --_on-accent: var(--wistia-uploader-accent-text, light-dark(#fff, #0b1020));
    --_bg: var(--wistia-uploader-background, Canvas);
    --_text: var(--wistia-uploader-text, CanvasText);
    --_border: var(--wistia-uploader-border, light-dark(#6b7280, #9ca3af));
    --_radius: var(--wistia-uploader-radius, 8px);
    --_error: var(--wistia-uploader-error, light-dark(#b42318, #ffb4a9));
    --_success: var(--wistia-uploader-success, light-dark(#166534, #86efac));
    --_muted: color-mix(in srgb, var(--_text) 72%, var(--_bg));
    --_track: color-mix(in srgb, var(--_text) 14%, var(--_bg));
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
  ul,
  ::slotted(*) {
    margin: 0;
  }
  ul {
    padding: 0;
    list-style: none;
  }
  .base {
    display: grid;
    gap: 12px;
    container-type: inline-size;
    background: var(--_bg);
    border-radius: var(--_radius);
  }
  .dropzone {
    display: grid;
    justify-items: center;
    gap: 8px;
    padding: 24px 16px;
    text-align: center;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
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
  .primary,
  .name,
  [data-status='failed'] .state {
    font-weight: 600;
  }
  .limits,
  .status,
  .fields label {
    font-size: 0.875em;
  }
  .limits,
  .size,
  .transfer,
  .placeholder,
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  button,
  input {
    min-height: 32px;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
    font: inherit;
    color: inherit;
  }
  button {
    min-width: 24px;
    padding-inline: 12px;
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
    flex: 1;
    min-width: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .url,
  .body {
    display: grid;
    gap: 4px;
  }
  .url-row {
    display: flex;
    gap: 8px;
  }
  .rejections,
  .items {
    display: grid;
    gap: 8px;
  }
  .rejections {
    padding: 8px 12px;
    gap: 6px;
    border-inline-start: 4px solid var(--_error);
    background: color-mix(in srgb, var(--_error) 8%, var(--_bg));
    border-radius: calc(var(--_radius) * 0.5);
  }
  .rejections li,
  .toolbar,
  .title,
  .status,
  .actions,
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .rejections li {
    align-items: center;
    gap: 4px 8px;
  }
  .reason,
  .error,
  [data-status='failed'] .state {
    color: var(--_error);
  }
  .rejections button {
    margin-inline-start: auto;
  }
  .toolbar,
  .actions {
    justify-content: flex-end;
  }
  .item {
    display: grid;
    grid-template-columns: 64px minmax(0, 1fr) auto;
    align-items: center;
    gap: 12px;
    padding: 10px 0;
  }
  .item + .item {
    border-top: 1px solid var(--_track);
  }
  .long > .item {
    /* Rows out of view skip style, layout and paint, so drawing a long list is not one long frame. */
    content-visibility: auto;
    contain-intrinsic-size: auto 64px;
    /* That comes with paint containment, which would cut the focus ring of a button at the row's edge. */
    overflow-clip-margin: 4px;
  }
  .thumb {
    width: 64px;
    height: 36px;
    object-fit: cover;
    border-radius: 4px;
    background: var(--_track);
  }
  .placeholder {
    display: grid;
    place-items: center;
  }
  .title {
    gap: 0 8px;
    align-items: baseline;
  }
  .name {
    overflow-wrap: anywhere;
  }
  .status {
    gap: 0 12px;
  }
  [data-status='succeeded'] .state {
    color: var(--_success);
  }
  .link {
    color: var(--_accent);
  }
  .progress {
    height: 6px;
    border-radius: 3px;
    background: var(--_track);
    overflow: hidden;
  }
  /* A width grows from the inline start in either direction. */
  .bar {
    width: calc(var(--_progress, 0) * 100%);
    height: 100%;
    background: var(--_accent);
  }
  .indeterminate .bar {
    width: auto;
    opacity: 0.45;
  }
  .fields label {
    display: grid;
    gap: 2px;
    flex: 12em;
  }
  .more {
    justify-self: center;
  }
  @container (max-width: 28rem) {
    .item {
      grid-template-columns: 48px minmax(0, 1fr);
    }
    .thumb {
      width: 48px;
      height: 27px;
    }
    .actions {
      grid-column: 1 / -1;
      justify-content: flex-start;
    }
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
  @media (prefers-reduced-motion: no-preference) {
    .indeterminate .bar {
      width: 40%;
      opacity: 1;
      animation: slide 1.4s ease-in-out infinite;
    }
    button {
      transition: background-color 0.15s;
    }
  }
  @keyframes slide {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(250%);
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
      --_success: var(--wistia-uploader-success, #166534);
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
    .progress {
      border: 1px solid CanvasText;
    }
    .bar {
      forced-color-adjust: none;
      background: Highlight;
    }
    :host([dragging]) .dropzone {
      border-color: Highlight;
    }
    .primary {
      border-color: ButtonText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
    .rejections {
      border: 1px solid CanvasText;
    }
  }
`;
