import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { mediaEmbedUrl } from '../core/wistia-api.js';
import type { UploadItem } from '../core/types.js';
import type { Formatters } from '../core/format.js';
import { styleProperty } from './style-property.js';
import { fill, type Messages } from './messages.js';

/** Items drawn at first, and added by each "Show more": keeps a list of thousands to one short task. */
export const LIST_PAGE = 100;

/** More rows than fit in view: from here, rows out of view are left unrendered until scrolled to. */
const LONG_LIST = 20;

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

/** Speed and time left, known only from the latest progress event. */
export interface LiveProgress {
  bytesPerSecond: number;
  secondsLeft: number;
}

export type ItemAction = 'cancel' | 'retry' | 'remove';

/** Everything the list needs to draw; actions are read from `data-action` / `data-field` by the element. */
export interface ListView {
  items: readonly UploadItem[];
  limit: number;
  messages: Messages;
  format: Formatters;
  live: ReadonlyMap<string, LiveProgress>;
  /** Item id → the attempt a retry is waiting for. */
  retrying: ReadonlyMap<string, number>;
  /** Queued items waiting for Start in `manual` mode; their name and description can be edited. */
  held: ReadonlySet<string>;
  disabled: boolean;
  errorText(item: UploadItem): string;
}

function percentOf(item: UploadItem): number {
  return item.total > 0 ? Math.min(100, (item.loaded / item.total) * 100) : 0;
}

function statusText(item: UploadItem, view: ListView): string {
  const m = view.messages;
  switch (item.status) {
    case 'queued':
      return view.held.has(item.id) ? m.statusHeld : m.statusQueued;
    case 'uploading': {
      const attempt = view.retrying.get(item.id);
      if (attempt !== undefined) return fill(m.statusRetrying, { attempt });
      return item.source === 'file'
        ? fill(m.statusUploading, { percent: view.format.percent(percentOf(item)) })
        : m.statusImporting;
    }
    case 'processing':
      return m.statusProcessing;
    case 'succeeded':
      return item.media?.status === 'ready' ? m.statusReady : m.statusSucceeded;
    case 'failed':
      return m.statusFailed;
    case 'cancelled':
      return m.statusCancelled;
    case 'rejected':
      return m.statusRejected;
  }
}

/** Bytes sent, speed and time left of a file being uploaded. */
function transferText(item: UploadItem, view: ListView): string {
  if (item.status !== 'uploading' || item.source !== 'file' || view.retrying.has(item.id)) return '';
  const { format, messages } = view;
  const parts = [fill(messages.progressBytes, { loaded: format.size(item.loaded), total: format.size(item.total) })];
  const live = view.live.get(item.id);
  if (live && live.bytesPerSecond > 0) {
    parts.push(format.speed(live.bytesPerSecond));
    if (Number.isFinite(live.secondsLeft) && live.secondsLeft > 0) {
      parts.push(fill(messages.timeLeft, { time: format.duration(live.secondsLeft) }));
    }
  }
  return parts.join(' · ');
}

function progressBar(item: UploadItem, view: ListView): TemplateResult | typeof nothing {
  const label = fill(view.messages.progressLabel, { name: item.name });
  if (item.status === 'processing' || (item.status === 'uploading' && item.source !== 'file')) {
    // Wistia reports no byte counts here: an indeterminate bar has no aria-valuenow.
    return html`<div part="progress" class="progress indeterminate" role="progressbar" aria-label=${label}>
      <div class="bar"></div>
    </div>`;
  }
  if (item.status !== 'uploading') return nothing;
  const percent = percentOf(item);
  return html`<div
    part="progress"
    class="progress"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.floor(percent)}
  >
    <div class="bar" ${styleProperty('--_progress', String(percent / 100))}></div>
  </div>`;
}

function actionButton(action: ItemAction, item: UploadItem, view: ListView): TemplateResult {
  const m = view.messages;
  const [text, label] =
    action === 'cancel'
      ? [m.cancelButton, m.cancelLabel]
      : action === 'retry'
        ? [m.retryButton, m.retryLabel]
        : [m.removeButton, m.removeLabel];
  return html`<button
    type="button"
    data-action=${action}
    aria-label=${fill(label, { name: item.name })}
    ?disabled=${view.disabled}
  >
    ${text}
  </button>`;
}

function actionsFor(item: UploadItem, view: ListView): ItemAction[] {
  switch (item.status) {
    case 'queued':
      return view.held.has(item.id) ? ['remove'] : ['cancel'];
    case 'uploading':
      return ['cancel'];
    case 'failed':
    case 'cancelled':
      return ['retry', 'remove'];
    default:
      return ['remove'];
  }
}

function editFields(item: UploadItem, view: ListView): TemplateResult {
  const m = view.messages;
  return html`<div class="fields">
    <label>
      <span>${m.nameLabel}</span>
      <input type="text" data-field="name" maxlength="255" .value=${item.name} ?disabled=${view.disabled} />
    </label>
    <label>
      <span>${m.descriptionLabel}</span>
      <input type="text" data-field="description" .value=${item.description ?? ''} ?disabled=${view.disabled} />
    </label>
  </div>`;
}

function itemRow(item: UploadItem, view: ListView): TemplateResult {
  const { messages: m, format } = view;
  const media = item.media;
  const thumbnail = media?.thumbnail?.url;
  const transfer = transferText(item, view);
  const error = item.status === 'failed' ? view.errorText(item) : '';
  const showLink = !!media?.hashed_id && (item.status === 'succeeded' || item.status === 'processing');
  return html`<li part="item" class="item" data-id=${item.id} data-status=${item.status}>
    ${
      thumbnail
        ? html`<img part="thumbnail" class="thumb" src=${thumbnail} alt="" loading="lazy" decoding="async" />`
        : html`<span class="thumb placeholder" aria-hidden="true">${mediaIcon}</span>`
    }
    <div class="body">
      <div class="title">
        <span class="name">${item.name}</span>
        ${item.size !== undefined ? html`<span class="size">${format.size(item.size)}</span>` : nothing}
      </div>
      ${view.held.has(item.id) ? editFields(item, view) : nothing} ${progressBar(item, view)}
      <div part="status" class="status">
        <span class="state">${statusText(item, view)}</span
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
    <div class="actions">${actionsFor(item, view).map((action) => actionButton(action, item, view))}</div>
  </li>`;
}

/** The list of uploads: only the first `limit` items are drawn, the rest behind "Show more". */
export function renderItemList(view: ListView): TemplateResult | typeof nothing {
  const { items, limit } = view;
  if (items.length === 0) return nothing;
  const shown = items.length > limit ? items.slice(0, limit) : items;
  const hidden = items.length - shown.length;
  // A long list lets rows out of view skip rendering (see `.long` in the styles); a short one saves the bookkeeping.
  return html`<ul
      part="list"
      class=${shown.length > LONG_LIST ? 'list long' : 'list'}
      aria-label=${view.messages.listLabel}
    >
      ${repeat(
        shown,
        (item) => item.id,
        (item) => itemRow(item, view),
      )}
    </ul>
    ${
      hidden > 0
        ? html`<button type="button" class="more" data-action="more">
            ${fill(view.messages.showMore, { count: hidden })}
          </button>`
        : nothing
    }`;
}
