/** The status poller, loaded only where `wait-for-ready` is set. See `piece-loader.ts`. */
export { ProcessingPoller } from '../core/processing-watch.js';
