import { importBesideScript } from './beside-script.js';
import { handOver } from './hand-over.js';

/** The script-tag build (see `beside-script.ts`). */
const scriptTag = typeof WISTIA_UPLOADER_SCRIPT_TAG !== 'undefined' && WISTIA_UPLOADER_SCRIPT_TAG;

export type UploadPiece = typeof import('./upload-piece.js');
export type TusPiece = typeof import('./tus-piece.js');
export type PollPiece = typeof import('./poll-piece.js');
export type FolderPiece = typeof import('./folder-piece.js');

/** A script-tag piece: a function of what it takes from the files before it (see `hand-over.ts`). */
type BesideScript<T> = { default: (given: readonly unknown[]) => T };

/** A piece loaded once for the page: the piece once it has arrived, for the elements that come after it. */
export interface Loaded<T> {
  here?: T;
  /** Resolves once the piece is here, however many tries that takes. */
  readonly arrived: Promise<T>;
  /** Retried once at once, and asked for afresh after a failed retry (the next call tries again). */
  load(): Promise<T>;
}

function onceForPage<T>(fetchPiece: () => Promise<T>): Loaded<T> {
  let loading: Promise<T> | undefined;
  let here!: (piece: T) => void;
  const piece: Loaded<T> = {
    arrived: new Promise<T>((resolve) => (here = resolve)),
    load: () =>
      (loading ??= fetchPiece()
        .catch(() => fetchPiece())
        .then(
          (arrived) => {
            here(arrived);
            return (piece.here = arrived);
          },
          (error: unknown) => {
            loading = undefined;
            throw error;
          },
        )),
  };
  return piece;
}

/** `chunks/<name>.min.js` beside the script; a retry asks for another URL, as a browser may keep a failed import's answer. */
function besideScript<T>(name: string, given: () => Promise<readonly unknown[]>): () => Promise<T> {
  let tries = 0;
  return () =>
    Promise.all([
      importBesideScript<BesideScript<T>>(`chunks/${name}.min.js${tries++ > 0 ? `?try=${tries}` : ''}`),
      given(),
    ]).then(([piece, handed]) => piece.default(handed));
}

/** The engine, rows and previews: fetched once something is added or about to be. */
export const uploadPiece: Loaded<UploadPiece> = onceForPage(
  scriptTag ? besideScript('upload', async () => handOver) : () => import('./upload-piece.js'),
);

/** The resumable (tus) client: fetched only for `resumable`. It takes from the upload piece too. */
export const tusPiece: Loaded<TusPiece> = onceForPage(
  scriptTag
    ? besideScript('tus', async () => [...handOver, ...(await uploadPiece.load()).handOver])
    : () => import('./tus-piece.js'),
);

/** The status poller of `wait-for-ready`: fetched only for it. It takes from the upload piece too. */
export const pollPiece: Loaded<PollPiece> = onceForPage(
  scriptTag
    ? besideScript('poll', async () => [...handOver, ...(await uploadPiece.load()).handOver])
    : () => import('./poll-piece.js'),
);

/** Walking dropped folders: fetched only when a drop brings one. */
export const folderPiece: Loaded<FolderPiece> = onceForPage(
  scriptTag ? besideScript('folders', async () => handOver) : () => import('./folder-piece.js'),
);
