import { html, nothing, type TemplateResult } from 'lit';
import { isFinished } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import { pathOf } from './folder-walk.js';
import { isHeld, renderItemList } from './item-list.js';
import { fill } from './messages.js';
import type { Words } from './words.js';

/** Everything the element's template draws from, and the handlers it calls. */
export interface UploaderView {
  items: readonly UploadItem[];
  words: Words;
  limit: number;
  disabled: boolean;
  dragging: boolean;
  multiple: boolean;
  manual: boolean;
  noUrl: boolean;
  maxFileSize: number;
  accept: string;
  capture: string | undefined;
  /** The item the link field last refused, described beside the field. */
  urlRejection: string | undefined;
  openFilePicker(): void;
  onPicked(event: Event): void;
  onPickerClosed(): void;
  onUrlKeydown(event: KeyboardEvent): void;
  importFromField(): void;
  onListClick(event: Event): void;
  onListChange(event: Event): void;
  clear(): void;
  start(): void;
}

function dropzone(view: UploaderView): TemplateResult {
  const { text: m, format } = view.words;
  return html`<div part="dropzone" class="dropzone">
    <div class="heading"><slot>${m.dropHeading}</slot></div>
    <p class="hint">${view.dragging ? m.dropRelease : view.multiple ? m.dropHint : m.dropHintSingle}</p>
    <button
      part="button"
      type="button"
      class="choose primary"
      ?disabled=${view.disabled}
      aria-describedby=${view.maxFileSize > 0 ? 'limits' : nothing}
      @click=${view.openFilePicker}
    >
      ${view.multiple ? m.chooseFiles : m.chooseFile}
    </button>
    ${
      view.maxFileSize > 0
        ? html`<p class="limits" id="limits">${fill(m.limitSize, { size: format.size(view.maxFileSize) })}</p>`
        : nothing
    }
  </div>`;
}

function linkField(view: UploaderView, refused: boolean): TemplateResult {
  const m = view.words.text;
  return html`<div class="url">
    <label for="url">${m.urlLabel}</label>
    <div class="url-row">
      <input
        id="url"
        part="url-input"
        type="url"
        autocomplete="off"
        spellcheck="false"
        placeholder=${m.urlPlaceholder}
        ?disabled=${view.disabled}
        aria-invalid=${refused ? 'true' : 'false'}
        aria-describedby=${refused ? `reason-${view.urlRejection}` : nothing}
        @keydown=${view.onUrlKeydown}
      />
      <button part="url-button" type="button" ?disabled=${view.disabled} @click=${view.importFromField}>
        ${m.importButton}
      </button>
    </div>
  </div>`;
}

/** Input refused before any request: each with its reason, named by its path when it came in a folder. */
function rejections(view: UploaderView, rejected: readonly UploadItem[]): TemplateResult {
  const { words } = view;
  const m = words.text;
  return html`<ul class="rejections" aria-label=${m.rejectionsLabel} @click=${view.onListClick}>
    ${rejected.map(
      (item) =>
        html`<li data-id=${item.id}>
          <span class="name">${pathOf(item.file, item.name)}</span>
          <span class="reason" id=${`reason-${item.id}`}>${words.errorText(item)}</span>
          <button
            type="button"
            data-action="remove"
            aria-label=${fill(m.dismissLabel, { name: pathOf(item.file, item.name) })}
            ?disabled=${view.disabled}
          >
            ${m.dismissButton}
          </button>
        </li>`,
    )}
  </ul>`;
}

function toolbar(view: UploaderView, finished: boolean, held: boolean): TemplateResult {
  const m = view.words.text;
  return html`<div class="toolbar">
    ${finished ? html`<button type="button" class="clear" ?disabled=${view.disabled} @click=${view.clear}>${m.clearButton}</button>` : nothing}
    ${
      held
        ? html`<button type="button" class="start primary" ?disabled=${view.disabled} @click=${view.start}>
            ${m.startButton}
          </button>`
        : nothing
    }
  </div>`;
}

/** The whole shadow tree: drop zone, link field, refusals, the list, the toolbar, the live region, the file input. */
export function renderUploader(view: UploaderView): TemplateResult {
  const { items, words } = view;
  const rejected = items.filter((item) => item.status === 'rejected');
  const listed = rejected.length === 0 ? items : items.filter((item) => item.status !== 'rejected');
  const urlRefused = view.urlRejection !== undefined && rejected.some((item) => item.id === view.urlRejection);
  const finished = listed.some((item) => isFinished(item.status));
  const held = view.manual && listed.some(isHeld);
  return html`<div part="base" class="base">
    ${dropzone(view)} ${view.noUrl ? nothing : linkField(view, urlRefused)}
    ${rejected.length > 0 ? rejections(view, rejected) : nothing}
    ${
      listed.length > 0
        ? html`<div class="items" @click=${view.onListClick} @change=${view.onListChange}>
            ${renderItemList({
              items: listed,
              limit: view.limit,
              messages: words.text,
              format: words.format,
              disabled: view.disabled,
              errorText: (item) => words.errorText(item),
            })}
          </div>`
        : nothing
    }
    ${finished || held ? toolbar(view, finished, held) : nothing}
    <div class="announcer visually-hidden" role="status" aria-live="polite"></div>
    <input
      type="file"
      hidden
      tabindex="-1"
      accept=${view.accept || nothing}
      capture=${view.capture || nothing}
      ?multiple=${view.multiple}
      ?disabled=${view.disabled}
      @change=${view.onPicked}
      @cancel=${view.onPickerClosed}
    />
  </div>`;
}
