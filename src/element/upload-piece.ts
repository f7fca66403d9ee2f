/**
 * What only an upload needs, loaded when the first item comes or is about to (the picker opens, a drag enters):
 * the engine that sends, the rows, their styles and the local previews. See `piece-loader.ts`.
 */
export { startEngine } from '../core/engine.js';
export { announceEvents } from './announcer.js';
export { keepFocus } from './focus-keeper.js';
export { Previews } from './previews.js';
export { rowStyles } from './row.styles.js';
export { renderRows } from './rows-template.js';
export { unloadGuard } from './unload-guard.js';
export { handOver } from './upload-hand-over.js';
export { englishForRows } from './row-messages.js';
