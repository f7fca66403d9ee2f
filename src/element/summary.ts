import { html, nothing, type TemplateResult } from 'lit';
import { formattersFor } from './formatters.js';
import { isUploaded } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import { fill } from './messages.js';
import type { Wording } from './item-list.js';

/** How far one item is, 0 to 1: sent bytes of a file on its way, all of it once Wistia has it. */
function doneShare(item: UploadItem): number {
  if (isUploaded(item.status)) return 1;
  if (item.status !== 'uploading' || !item.total) return 0;
  return Math.min(1, item.loaded / item.total);
}

/**
 * One line over two or more items: how many are done of how many, the bytes and time left, and an overall bar.
 * Cancelled items are left out: the visitor chose not to send them.
 */
export function renderSummary(
  items: readonly UploadItem[],
  { text: m, locale }: Wording,
): TemplateResult | typeof nothing {
  const counted = items.filter((item) => item.status !== 'cancelled');
  if (counted.length < 2) return nothing;
  let done = 0;
  let failed = 0;
  let share = 0;
  let bytesLeft = 0;
  let speed = 0;
  for (const item of counted) {
    if (isUploaded(item.status)) done++;
    if (item.status === 'failed') failed++;
    share += doneShare(item);
    if (item.source === 'file' && (item.status === 'queued' || item.status === 'uploading')) {
      bytesLeft += Math.max(0, (item.size ?? 0) - (item.status === 'uploading' ? item.loaded : 0));
    }
    if (item.status === 'uploading') speed += item.bytesPerSecond ?? 0;
  }
  const format = formattersFor(locale);
  const parts = [fill(m.summaryDone, { done, total: counted.length })];
  if (failed > 0) parts.push(fill(m.summaryFailed, { count: failed }));
  if (bytesLeft > 0) {
    parts.push(fill(m.summaryLeft, { size: format.size(bytesLeft) }));
    if (speed > 0) parts.push(fill(m.summaryTime, { time: format.duration(bytesLeft / speed) }));
  }
  const percent = (share / counted.length) * 100;
  return html`<div part="summary" class="summary">
    <p class="summary-line">
      <span class="summary-text">${parts[0]}</span>${parts.length > 1 ? ` · ${parts.slice(1).join(' · ')}` : ''}
    </p>
    <div
      class="progress"
      role="progressbar"
      aria-label=${m.summaryLabel}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${Math.floor(percent)}
    >
      <div class="bar" .style=${`--_progress:${percent / 100}`}></div>
    </div>
  </div>`;
}
