/** Public entry: defines `<wistia-uploader>` and exports its class, events and types, and the English words. */
export * from './script-tag.js';
export * from './core/types.js';
export type { Messages } from './element/messages.js';
export { englishMessages } from './element/english.js';
