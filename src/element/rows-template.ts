import { html, nothing, type TemplateResult } from 'lit';
import { isFinished, isHeld } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import { actionButton, moreButton, renderItemList, type Wording } from './item-list.js';
import { renderSummary } from './summary.js';
import { errorText } from './error-words.js';

/** The path inside a dropped folder, else the file's name: what a refusal names so the user can find the file. */
export function pathOf(file: File | undefined, name: string): string {
  return file?.webkitRelativePath || name;
}

/** What the rows are drawn from, besides the items. */
export interface RowsView {
  words: Wording;
  /** Rows drawn at most; the rest wait behind "Show more". */
  limit: number;
  disabled: boolean;
  /** `manual` is on: held items wait for the Start button. */
  manual: boolean;
  frameOf: (id: string) => HTMLCanvasElement | undefined;
}

/**
 * What the list of items looks like: input refused before any request, each with its reason (named by its path when
 * it came in a folder), then the summary and the rows of the others, then the toolbar. Both lists stop at `limit` rows
 * behind "Show more": thousands of rows cost seconds to draw and to take away.
 */
export function renderRows(items: readonly UploadItem[], view: RowsView): TemplateResult {
  const { words, limit, disabled, frameOf } = view;
  const m = words.text;
  const rejected = items.filter((item) => item.status === 'rejected');
  const listed = rejected.length === 0 ? items : items.filter((item) => item.status !== 'rejected');
  const finished = listed.some((item) => isFinished(item.status));
  const held = view.manual && listed.some(isHeld);
  return html`${
    rejected.length > 0
      ? html`<ul class="rejections" aria-label=${m.rejectionsLabel}>
            ${rejected.slice(0, limit).map((item) => {
              const name = pathOf(item.file, item.name);
              return html`<li data-id=${item.id}>
                <span class="name">${name}</span>
                <span class="reason" id=${`reason-${item.id}`}>${errorText(words, item)}</span>
                ${actionButton('remove', 'dismiss', name, words, disabled)}
              </li>`;
            })}
          </ul>
          ${moreButton(rejected.length - limit, words)}`
      : nothing
  }
  ${
    listed.length > 0
      ? html`<div class="items">
          ${renderSummary(listed, words)} ${renderItemList(listed, limit, words, disabled, frameOf)}
        </div>`
      : nothing
  }
  ${
    finished || held
      ? html`<div class="toolbar">
          ${
            finished
              ? html`<button type="button" class="clear" data-action="clear" ?disabled=${disabled}>
                  ${m.clearButton}
                </button>`
              : nothing
          }
          ${
            held
              ? html`<button type="button" class="start primary" data-action="start" ?disabled=${disabled}>
                  ${m.startButton}
                </button>`
              : nothing
          }
        </div>`
      : nothing
  }`;
}
