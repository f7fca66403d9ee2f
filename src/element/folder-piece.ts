/** Walking dropped folders, loaded when a drop brings one. See `piece-loader.ts`. */
export { filesInFolders } from './folder-walk.js';
