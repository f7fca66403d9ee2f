import { importBesideScript } from './beside-script.js';
import { handOver } from './hand-over.js';

/** The script-tag build (see `beside-script.ts`). */
const scriptTag = typeof WISTIA_UPLOADER_SCRIPT_TAG !== 'undefined' && WISTIA_UPLOADER_SCRIPT_TAG;

export type UploadPiece = typeof import('./upload-piece.js');

/** The script-tag file's piece: a function of what it takes from the first-load file (see `hand-over.ts`). */
type BesideScript = { default: (given: typeof handOver) => UploadPiece };

/** Tries so far: each try after the first asks for another URL, as a browser may keep a failed import's answer. */
let tries = 0;

const fetchPiece = scriptTag
  ? () =>
      importBesideScript<BesideScript>(`chunks/upload.min.js${tries++ > 0 ? `?try=${tries}` : ''}`).then((piece) =>
        piece.default(handOver),
      )
  : () => import('./upload-piece.js');

let loading: Promise<UploadPiece> | undefined;

/** The piece once it has arrived, for the elements that come after it. */
export let uploadPiece: UploadPiece | undefined;

/**
 * Loads the upload piece once for the page: retried once at once, and asked for afresh after a failed retry
 * (the next call tries again).
 */
export function loadUploadPiece(): Promise<UploadPiece> {
  loading ??= fetchPiece()
    .catch(() => fetchPiece())
    .then(
      (piece) => (uploadPiece = piece),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
  return loading;
}
