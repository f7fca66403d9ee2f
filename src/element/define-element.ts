import { WistiaUploader } from './wistia-uploader-element.js';

/**
 * Defines `<wistia-uploader>`, guarded: importing twice, or in Node where there is no registry, must not throw. Each
 * entry calls it itself, as package.json marks only the entry files as having side effects: a module they re-export
 * would have its own top-level call dropped by bundlers.
 */
export function defineWistiaUploader(): void {
  if (typeof customElements !== 'undefined' && !customElements.get('wistia-uploader')) {
    customElements.define('wistia-uploader', WistiaUploader);
  }
}
