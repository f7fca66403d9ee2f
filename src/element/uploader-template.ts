import { html, nothing, type TemplateResult } from 'lit';
import type { UploadItem } from '../core/types.js';
import { fill } from './messages.js';
import type { Words } from './words.js';
import type { WistiaUploader } from './wistia-uploader-element.js';

/** An arrow rising from a tray, over the drop zone's heading. */
const uploadIcon = html`<svg
  viewBox="0 0 24 24"
  width="24"
  height="24"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M12 15V4m-5 5 5-5 5 5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
</svg>`;

/** The list part of the shadow tree: drawn by the upload piece once it is here, `nothing` before. */
export type Rows = TemplateResult | typeof nothing;

/**
 * The whole shadow tree: drop zone, link field, the rows (refusals, the list, the toolbar), the live region, the
 * file input. It binds no listeners: the element takes every event at its shadow root, and a button's
 * `data-action` names the element's method it calls. `urlRejection` is the item the link field last refused,
 * described beside the field. `pieceFailed`: the upload piece could not be loaded, which is said with a retry.
 */
export function renderUploader(
  host: WistiaUploader,
  items: readonly UploadItem[],
  words: Words,
  urlRejection: string | undefined,
  rows: Rows,
  pieceFailed: boolean,
): TemplateResult {
  const m = words.text;
  const disabled = host.inputDisabled;
  const { multiple, maxFileSize } = host;
  const urlRefused =
    urlRejection !== undefined && items.some((item) => item.id === urlRejection && item.status === 'rejected');
  return html`<div part="base" class="base">
    <div part="dropzone" class="dropzone">
      <span class="icon" aria-hidden="true">${uploadIcon}</span>
      <div class="heading"><slot>${m.dropHeading}</slot></div>
      <p class="hint">${host.hasAttribute('dragging') ? m.dropRelease : multiple ? m.dropHint : m.dropHintSingle}</p>
      <button
        part="button"
        type="button"
        class="choose primary"
        data-action="openFilePicker"
        ?disabled=${disabled}
        aria-describedby=${maxFileSize > 0 ? 'limits' : nothing}
      >
        ${multiple ? m.chooseFiles : m.chooseFile}
      </button>
      ${
        maxFileSize > 0
          ? html`<p class="limits" id="limits">${fill(m.limitSize, { size: words.size(maxFileSize) })}</p>`
          : nothing
      }
    </div>
    ${
      host.noUrl
        ? nothing
        : html`<div class="url">
            <label for="url">${m.urlLabel}</label>
            <div class="url-row">
              <input
                id="url"
                part="url-input"
                type="url"
                autocomplete="off"
                spellcheck="false"
                placeholder=${m.urlPlaceholder}
                ?disabled=${disabled}
                aria-invalid=${urlRefused ? 'true' : 'false'}
                aria-describedby=${urlRefused ? `reason-${urlRejection}` : nothing}
              />
              <button part="url-button" type="button" data-action="importLink" ?disabled=${disabled}>
                ${m.importButton}
              </button>
            </div>
          </div>`
    }
    ${rows}
    ${
      pieceFailed
        ? html`<p class="piece-error" role="alert">
            ${m.errorPieceLoad}
            <button type="button" data-action="loadPiece">${m.retryButton}</button>
          </p>`
        : nothing
    }
    <div class="announcer visually-hidden" role="status" aria-live="polite"></div>
    <input
      type="file"
      hidden
      tabindex="-1"
      accept=${host.accept || nothing}
      capture=${host.capture || nothing}
      ?multiple=${multiple}
      ?disabled=${disabled}
    />
  </div>`;
}
