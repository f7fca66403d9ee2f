/**
 * The script-tag file's entry, `window.WistiaUploader` there: defines `<wistia-uploader>` and exports its class and
 * events. The npm entry adds the types and `englishMessages`, whose words for the rows the script-tag file leaves
 * to its upload piece.
 */
import { WistiaUploader } from './element/wistia-uploader-element.js';

export { WistiaUploader };
export * from './core/events.js';

// Guarded: importing twice, or in Node where there is no registry, must not throw.
if (typeof customElements !== 'undefined' && !customElements.get('wistia-uploader')) {
  customElements.define('wistia-uploader', WistiaUploader);
}

declare global {
  interface HTMLElementTagNameMap {
    'wistia-uploader': WistiaUploader;
  }
}
