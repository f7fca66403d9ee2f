/** The resumable (tus) client, loaded only where `resumable` is set. See `piece-loader.ts`. */
export { tusClient } from '../core/resumable-item.js';
