import { css } from 'lit';

/**
 * What only a listed item needs: refusals, the summary, rows, thumbnails and previews, progress bars, the toolbar.
 * Kept apart from the shell's styles so it can travel with the rows when they load on demand.
 */
export const rowStyles = css`
  :host {
    --_success: var(--wistia-uploader-success, light-dark(#166534, #86efac));
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .name,
  .summary-text,
  [data-status='failed'] .state {
    font-weight: 600;
  }
  .size,
  .transfer,
  .placeholder {
    color: var(--_muted);
  }
  .rejections,
  .items {
    display: grid;
    gap: 8px;
  }
  .rejections {
    padding: 10px 12px;
    gap: 6px;
    border: 1px solid color-mix(in srgb, var(--_error) 30%, var(--_bg));
    border-inline-start: 4px solid var(--_error);
    background: color-mix(in srgb, var(--_error) 8%, var(--_bg));
    border-radius: calc(var(--_radius) * 0.75);
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
  .actions {
    flex-wrap: nowrap;
  }
  .summary {
    display: grid;
    gap: 6px;
    padding-bottom: 4px;
  }
  .summary-line,
  .status,
  .fields label {
    font-size: 0.875em;
  }
  .item {
    display: grid;
    grid-template-columns: 80px minmax(0, 1fr) auto;
    align-items: center;
    gap: 12px;
    padding: 12px 0;
  }
  .item + .item {
    border-top: 1px solid var(--_track);
  }
  .long > .item {
    /* Rows out of view skip style, layout and paint, so drawing a long list is not one long frame. */
    content-visibility: auto;
    contain-intrinsic-size: auto 72px;
    /* That comes with paint containment, which would cut the focus ring of a button at the row's edge. */
    overflow-clip-margin: 4px;
  }
  .thumb {
    display: block;
    width: 80px;
    height: 45px;
    object-fit: cover;
    border-radius: 6px;
    background: var(--_track);
  }
  /* A video decoding a preview's frame: in the page, as Chromium needs, but out of sight and out of the way. */
  .decoding {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
    pointer-events: none;
  }
  .placeholder {
    display: grid;
    place-items: center;
  }
  .title {
    gap: 0 8px;
    align-items: baseline;
    flex-wrap: nowrap;
    min-width: 0;
  }
  /* At most two lines: the whole name stays in the text (read out in full) and in the tooltip. */
  .name {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .size {
    flex: none;
    font-size: 0.875em;
  }
  .body {
    display: grid;
    gap: 4px;
    min-width: 0;
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
  /*
   * Scaled, not sized: a transform moves on the compositor, so a moving bar costs the page's main thread no layout
   * or paint per frame. It grows from the inline start in either direction; the track's rounding clips it.
   */
  .bar {
    height: 100%;
    transform: scaleX(var(--_progress, 0));
    transform-origin: left;
    background: var(--_accent);
  }
  .bar:dir(rtl) {
    transform-origin: right;
  }
  /* Sent, importing or processing at Wistia: a full bar whose stripes move, so a still frame reads as working. */
  .working .bar {
    position: relative;
    overflow: hidden;
    transform: none;
  }
  /* One stripe period wider than the bar, slid by that period: the loop is seamless and on the compositor. */
  .working .bar::before {
    content: '';
    position: absolute;
    inset: 0 0 0 -22.63px;
    background: repeating-linear-gradient(
      -45deg,
      var(--_accent) 0 8px,
      color-mix(in srgb, var(--_accent) 55%, var(--_bg)) 8px 16px
    );
    background-size: 22.63px 22.63px;
  }
  .fields label {
    display: grid;
    gap: 2px;
    flex: 12em;
  }
  .more {
    justify-self: center;
  }
  .icon-only {
    display: none;
  }
  /* Narrow places (phones, sidebars): the row keeps its actions on its line, as icon buttons with their names. */
  @container (max-width: 479.98px) {
    .item {
      grid-template-columns: 48px minmax(0, 1fr) auto;
      gap: 10px;
    }
    .thumb {
      width: 48px;
      height: 27px;
      border-radius: 4px;
    }
    .actions {
      gap: 4px;
    }
    .actions button {
      padding: 0;
      width: 36px;
    }
    .actions .icon-only {
      display: block;
    }
    .actions .label {
      display: none;
    }
    .title {
      flex-wrap: wrap;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .working .bar::before {
      animation: stripes 0.8s linear infinite;
    }
    .summary .bar,
    .item .bar {
      transition: transform 0.2s;
    }
  }
  @keyframes stripes {
    to {
      transform: translateX(22.63px);
    }
  }
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_success: var(--wistia-uploader-success, #166534);
    }
  }
  @supports not (color: color-mix(in srgb, red, blue)) {
    .working .bar::before {
      background: var(--_accent);
    }
  }
  @media (forced-colors: active) {
    .progress {
      border: 1px solid CanvasText;
    }
    .bar,
    .working .bar::before {
      forced-color-adjust: none;
      background: Highlight;
    }
    .rejections {
      border: 1px solid CanvasText;
    }
  }
`;
