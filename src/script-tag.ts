/**
 * The script-tag file's entry, `window.WistiaUploader` there: defines `<wistia-uploader>` and exports its class and
 * events. The npm entry adds the types and `englishMessages`, whose words for the rows the script-tag file leaves
 * to its upload piece.
 */
import { defineWistiaUploader } from './element/define-element.js';
import type { WistiaUploader } from './element/wistia-uploader-element.js';

export { WistiaUploader } from './element/wistia-uploader-element.js';
export * from './core/events.js';

defineWistiaUploader();

// Typed `document.createElement('wistia-uploader')` and the like: the npm entry's types load this file.
declare global {
  interface HTMLElementTagNameMap {
    'wistia-uploader': WistiaUploader;
  }
}
