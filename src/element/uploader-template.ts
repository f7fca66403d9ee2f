import { html, nothing, type TemplateResult } from 'lit';
import { isFinished } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import { pathOf } from './folder-walk.js';
import { actionButton, isHeld, renderItemList, type Wording } from './item-list.js';
import { fill } from './messages.js';
import { renderSummary } from './summary.js';
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

/**
 * The whole shadow tree: drop zone, link field, refusals, the list, the toolbar, the live region, the file input.
 * It binds no listeners: the element takes every event at its shadow root, and a button's `data-action` names the
 * element's method it calls. `urlRejection` is the item the link field last refused, described beside the field.
 */
export function renderUploader(
  host: WistiaUploader,
  items: readonly UploadItem[],
  words: Wording,
  limit: number,
  urlRejection: string | undefined,
  frameOf: (id: string) => HTMLCanvasElement | undefined,
): TemplateResult {
  const { text: m, format } = words;
  const disabled = host.inputDisabled;
  const { multiple, maxFileSize } = host;
  const rejected = items.filter((item) => item.status === 'rejected');
  const listed = rejected.length === 0 ? items : items.filter((item) => item.status !== 'rejected');
  const urlRefused = urlRejection !== undefined && rejected.some((item) => item.id === urlRejection);
  const finished = listed.some((item) => isFinished(item.status));
  const held = host.manual && listed.some(isHeld);
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
          ? html`<p class="limits" id="limits">${fill(m.limitSize, { size: format.size(maxFileSize) })}</p>`
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
    ${
      rejected.length > 0
        ? // Input refused before any request: each with its reason, named by its path when it came in a folder.
          html`<ul class="rejections" aria-label=${m.rejectionsLabel}>
            ${rejected.map((item) => {
              const name = pathOf(item.file, item.name);
              return html`<li data-id=${item.id}>
                <span class="name">${name}</span>
                <span class="reason" id=${`reason-${item.id}`}>${words.errorText(item)}</span>
                ${actionButton('remove', 'dismiss', name, words, disabled)}
              </li>`;
            })}
          </ul>`
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
