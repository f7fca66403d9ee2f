/** Public entry: defines `<wistia-uploader>` and exports its class, events and types. */
import { WistiaUploader } from './element/wistia-uploader-element.js';

export { WistiaUploader };
export * from './core/events.js';
export * from './core/types.js';
export type { Messages } from './element/messages.js';
export { englishMessages } from './element/messages.js';

// Guarded: importing twice, or in Node where there is no registry, must not throw.
if (typeof customElements !== 'undefined' && !customElements.get('wistia-uploader')) {
  customElements.define('wistia-uploader', WistiaUploader);
}

declare global {
  interface HTMLElementTagNameMap {
    'wistia-uploader': WistiaUploader;
  }
}
