/** Public entry: defines `<wistia-uploader>` and exports its class, events and types, and the English words. */
import { defineWistiaUploader } from './element/define-element.js';

export * from './script-tag.js';
export * from './core/types.js';
export type { Messages } from './element/messages.js';
export { englishMessages } from './element/english.js';

defineWistiaUploader();
