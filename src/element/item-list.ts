import { html, nothing, type TemplateResult } from 'lit';
import { formattersFor } from './formatters.js';
import { isHeld, isUploaded } from '../core/item-phase.js';
import { mediaEmbedUrl } from '../core/wistia-api.js';
import type { UploadItem } from '../core/types.js';
import { fill } from './messages.js';
import type { Words } from './words.js';
import { errorText } from './error-words.js';

/** More rows than fit in view: from here, rows out of view are left unrendered until scrolled to. */
const LONG_LIST = 20;

/** What the list reads of the element's words. */
export type Wording = Pick<Words, 'text' | 'locale'>;

/** Icons of the row buttons, shown instead of their words where the row is narrow. */
const ICONS = {
  cancel: 'M6 6l12 12M18 6L6 18',
  dismiss: 'M6 6l12 12M18 6L6 18',
  retry: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  remove: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13',
};

/** Stands in for the thumbnail until Wistia has one. */
const mediaIcon = html`<svg
  viewBox="0 0 24 24"
  width="20"
  height="20"
  fill="none"
  stroke="currentColor"
  stroke-width="1.75"
>
  <rect x="3" y="5" width="18" height="14" rx="2" />
  <path d="M10 9.5v5l4.5-2.5z" fill="currentColor" stroke="none" />
</svg>`;

/** Uploading, but waiting: for Wistia's answer after the last byte, for a retry, or for the connection. */
const isWaiting = (item: UploadItem) =>
  item.phase === 'finishing' || item.phase === 'backing-off' || item.phase === 'offline';

const percentOf = (item: UploadItem) => (item.total > 0 ? Math.min(100, (item.loaded / item.total) * 100) : 0);

/**
 * A row's button: `action` is the element's method it calls (read from `data-action`), `word` names its text and
 * accessible name in the messages (`cancelButton`, `cancelLabel`, …).
 */
export function actionButton(
  action: string,
  word: 'cancel' | 'retry' | 'remove' | 'dismiss',
  name: string,
  { text: m }: Wording,
  disabled: boolean,
): TemplateResult {
  return html`<button
    type="button"
    data-action=${action}
    aria-label=${fill(m[`${word}Label`], { name })}
    ?disabled=${disabled}
  >
    <svg
      class="icon-only"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
    >
      <path d=${ICONS[word]} /></svg
    ><span class="label">${m[`${word}Button`]}</span>
  </button>`;
}

function statusText(item: UploadItem, { text: m, locale }: Wording): string {
  switch (item.status) {
    case 'queued':
      return isHeld(item) ? m.statusHeld : m.statusQueued;
    case 'uploading':
      if (item.phase === 'offline') return m.statusOffline;
      if (item.phase === 'backing-off') return fill(m.statusRetrying, { attempt: item.attempts + 1 });
      // A link's request is a few bytes: Wistia fetching the file is what the user waits for, sent or not.
      if (item.source !== 'file') return m.statusImporting;
      return item.phase === 'finishing'
        ? m.statusFinishing
        : fill(m.statusUploading, { percent: formattersFor(locale).percent(percentOf(item)) });
    case 'processing':
      return m.statusProcessing;
    case 'succeeded':
      if (item.error?.code === 'processing_unknown') return m.statusProcessingUnknown;
      return item.media?.status === 'ready' ? m.statusReady : m.statusSucceeded;
    case 'failed':
      return m.statusFailed;
    case 'cancelled':
      return m.statusCancelled;
    case 'rejected':
      return m.statusRejected;
  }
}

/** Bytes sent, speed and time left of a file being sent. */
function transferText(item: UploadItem, { text: m, locale }: Wording): string {
  if (item.status !== 'uploading' || item.source !== 'file' || isWaiting(item)) return '';
  const format = formattersFor(locale);
  const parts = [fill(m.progressBytes, { loaded: format.size(item.loaded), total: format.size(item.total) })];
  const { bytesPerSecond = 0, secondsLeft = Infinity } = item;
  if (bytesPerSecond > 0) {
    parts.push(format.speed(bytesPerSecond));
    if (Number.isFinite(secondsLeft) && secondsLeft > 0) {
      parts.push(fill(m.timeLeft, { time: format.duration(secondsLeft) }));
    }
  }
  return parts.join(' · ');
}

function progressBar(item: UploadItem, words: Wording): TemplateResult | typeof nothing {
  const label = fill(words.text.progressLabel, { name: item.name });
  if (
    item.status === 'processing' ||
    (item.status === 'uploading' && (item.source !== 'file' || item.phase === 'finishing'))
  ) {
    // No byte counts to show (an import, or the whole file is sent): an indeterminate bar has no aria-valuenow.
    return html`<div part="progress" class="progress working" role="progressbar" aria-label=${label}>
      <div class="bar"></div>
    </div>`;
  }
  if (item.status !== 'uploading') return nothing;
  const percent = percentOf(item);
  // Set through the CSSOM (`style` as a property, not an attribute), which a strict `style-src` policy allows.
  return html`<div
    part="progress"
    class="progress"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.floor(percent)}
  >
    <div class="bar" .style=${`--_progress:${percent / 100}`}></div>
  </div>`;
}

/** Failures no retry can mend: a refused file, or a page set up wrong (no token source, an endpoint not https). */
const HOPELESS = new Set([
  'errorWistiaRejected',
  'errorNoTokenSource',
  'errorInsecureEndpoint',
  'errorProcessingUnknown',
]);

/** Whether retrying can help: not for what Wistia refused or the page's set-up stops, nor for unknown processing. */
export function canRetry(item: UploadItem): boolean {
  const error = item.error;
  if (item.status === 'cancelled' || !error) return true;
  if (error.code === 'wistia_rejected' || (error.code as string) === 'processing_unknown') return false;
  return !HOPELESS.has(error.reason ?? '');
}

function actionsFor(item: UploadItem): ('cancel' | 'retry' | 'remove')[] {
  switch (item.status) {
    case 'queued':
      return isHeld(item) ? ['remove'] : ['cancel'];
    case 'uploading':
      return ['cancel'];
    case 'failed':
    case 'cancelled':
      // Wistia has the media (its processing failed): sending it again would only make a second one.
      return item.media || !canRetry(item) ? ['remove'] : ['retry', 'remove'];
    default:
      return ['remove'];
  }
}

function editFields(item: UploadItem, m: Wording['text'], disabled: boolean): TemplateResult {
  return html`<div class="fields">
    <label>
      <span>${m.nameLabel}</span>
      <input type="text" data-field="name" maxlength="255" .value=${item.name} ?disabled=${disabled} />
    </label>
    <label>
      <span>${m.descriptionLabel}</span>
      <input type="text" data-field="description" .value=${item.description ?? ''} ?disabled=${disabled} />
    </label>
  </div>`;
}

function itemRow(item: UploadItem, words: Wording, disabled: boolean, frame?: HTMLCanvasElement): TemplateResult {
  const m = words.text;
  const format = formattersFor(words.locale);
  const { media, status } = item;
  const thumbnail = media?.thumbnail?.url;
  const transfer = transferText(item, words);
  const error = status === 'failed' ? errorText(words, item) : '';
  const showLink = !!media?.hashed_id && isUploaded(status);
  return html`<li part="item" class="item" data-id=${item.id} data-status=${status}>
    ${
      thumbnail
        ? html`<img part="thumbnail" class="thumb" src=${thumbnail} alt="" loading="lazy" decoding="async" />`
        : (frame ?? html`<span class="thumb placeholder" aria-hidden="true">${mediaIcon}</span>`)
    }
    <div class="body">
      <div class="title">
        <span class="name" title=${item.name}>${item.name}</span>
        ${item.size !== undefined ? html`<span class="size">${format.size(item.size)}</span>` : nothing}
      </div>
      ${isHeld(item) ? editFields(item, m, disabled) : nothing} ${progressBar(item, words)}
      <div part="status" class="status">
        <span class="state">${statusText(item, words)}</span
        >${transfer ? html`<span class="transfer">${transfer}</span>` : nothing}
        ${error ? html`<span class="error">${error}</span>` : nothing}
        ${
          showLink
            ? html`<a class="link" href=${mediaEmbedUrl(media!.hashed_id)} target="_blank" rel="noopener noreferrer"
                >${m.openMedia}<span class="visually-hidden"> ${m.opensInNewTab}</span></a
              >`
            : nothing
        }
      </div>
    </div>
    <div class="actions">
      ${actionsFor(item).map((action) => actionButton(action, action, item.name, words, disabled))}
    </div>
  </li>`;
}

/** The list of uploads: only the first `limit` items are drawn, the rest behind "Show more". */
export function renderItemList(
  items: readonly UploadItem[],
  limit: number,
  words: Wording,
  disabled: boolean,
  frameOf: (id: string) => HTMLCanvasElement | undefined,
): TemplateResult | typeof nothing {
  if (items.length === 0) return nothing;
  const shown = items.slice(0, limit);
  const hidden = items.length - shown.length;
  // A long list lets rows out of view skip rendering (see `.long` in the styles); a short one saves the bookkeeping.
  return html`<ul
      part="list"
      class=${shown.length > LONG_LIST ? 'list long' : 'list'}
      aria-label=${words.text.listLabel}
    >
      ${shown.map((item) => itemRow(item, words, disabled, frameOf(item.id)))}
    </ul>
    ${moreButton(hidden, words)}`;
}

/** "Show N more" under a list cut at its limit; nothing when all is shown. */
export function moreButton(hidden: number, words: Wording): TemplateResult | typeof nothing {
  return hidden > 0
    ? html`<button type="button" class="more" data-action="more">
        ${fill(words.text.showMore, { count: hidden })}
      </button>`
    : nothing;
}
