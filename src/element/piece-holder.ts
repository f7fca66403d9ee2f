import { adoptStyles, nothing, type CSSResultOrNative, type ReactiveControllerHost } from 'lit';
import type { UploadItem } from '../core/types.js';
import type { EngineLessUploader } from '../core/uploader.js';
import { pollPiece, tusPiece, uploadPiece, type Loaded, type UploadPiece } from './piece-loader.js';
import type { Previews } from './previews.js';
import type { RowsView } from './rows-template.js';
import type { Rows } from './uploader-template.js';

type Host = ReactiveControllerHost &
  HTMLElement & {
    readonly renderRoot: ParentNode | undefined;
    readonly resumable: boolean;
    readonly waitForReady: boolean;
    readonly guardsUnload: boolean;
  };

/**
 * An element's hold on the upload piece (engine, rows, previews): fetched once something is added or about to be,
 * its row styles adopted and its engine given to the element's uploader when it arrives. With `resumable` the tus
 * piece too, with `wait-for-ready` the status poller, for a dropped folder the walker: what needs one waits for it.
 * A failure to load is kept for the element to show, until the next try.
 */
export class PieceHolder {
  piece?: UploadPiece;
  previews?: Previews;
  /** Asks the browser to confirm leaving while uploads run: it comes with what sends them. */
  guardUnload?: (active: boolean) => void;
  failed = false;
  /** Set while the piece is on its way; settles once it is here (or failed) and a redraw is asked for. */
  loading?: Promise<void>;
  readonly #host: Host;
  readonly #styles: () => CSSResultOrNative[];
  readonly #uploader: () => EngineLessUploader | undefined;

  constructor(host: Host, styles: () => CSSResultOrNative[], uploader: () => EngineLessUploader | undefined) {
    this.#host = host;
    this.#styles = styles;
    this.#uploader = uploader;
  }

  /** Fetches the piece unless it is here or on its way; the tus client and poller as well where options need them. */
  need(): void {
    if (this.#host.resumable) void this.extra(tusPiece);
    if (this.#host.waitForReady) void this.extra(pollPiece);
    // Retry asks again for an extra piece that failed.
    for (const loaded of this.#wanted) void this.extra(loaded);
    if (this.piece || this.loading) return;
    if (uploadPiece.here) return this.#use(uploadPiece.here);
    this.failed = false;
    this.loading = uploadPiece
      .load()
      .then(
        (piece) => this.#use(piece),
        () => void (this.failed = true),
      )
      .finally(() => {
        this.loading = undefined;
        this.#host.requestUpdate();
      });
  }

  /** Gives a new uploader the engine, if it is here already, and the tus client and poller once asked for. */
  equip(uploader: EngineLessUploader): void {
    uploader.tus ??= tusPiece.here?.tusClient;
    uploader.Poller ??= pollPiece.here?.ProcessingPoller;
    uploader.needTus ??= () => this.extra(tusPiece).then((piece) => (uploader.tus = piece.tusClient));
    uploader.needPoller ??= () => this.extra(pollPiece).then((piece) => piece.ProcessingPoller);
    if (this.piece) uploader.useEngine(this.piece.startEngine);
    else this.need();
  }

  /** Extra pieces asked for by this element, and those of them on their way (whose failure it shows). */
  readonly #wanted = new Set<Loaded<unknown>>();
  readonly #fetching = new Set<Loaded<unknown>>();

  /** An extra piece (tus, poller, folders), fetched unless here or on its way: what needs it waits, however many tries. */
  extra<T>(loaded: Loaded<T>): Promise<T> {
    this.#wanted.add(loaded);
    if (!loaded.here && !this.#fetching.has(loaded)) {
      this.#fetching.add(loaded);
      this.failed = false;
      loaded
        .load()
        .catch(() => void (this.failed = true))
        .finally(() => {
          this.#fetching.delete(loaded);
          this.#host.requestUpdate();
        });
    }
    return loaded.arrived;
  }

  /** Whether the piece was on its way: then it has arrived (or failed) and a redraw was asked for. */
  async arrived(): Promise<boolean> {
    if (!this.loading) return false;
    await this.loading;
    return true;
  }

  /** The rows of `items`, once the piece is here to draw them. */
  rows(items: readonly UploadItem[], view: Omit<RowsView, 'frameOf'>): Rows {
    const { piece, previews } = this;
    if (!piece || items.length === 0) return nothing;
    return piece.renderRows(items, { ...view, frameOf: (id) => previews?.frameOf(id) });
  }

  /** Gives the shadow root the rows' styles too, once the piece is here; again for a root made after it came. */
  styleRows(): void {
    const root = this.#host.shadowRoot;
    if (this.piece && root) adoptStyles(root, [...this.#styles(), this.piece.rowStyles]);
  }

  #use(piece: UploadPiece): void {
    const host = this.#host;
    this.piece = piece;
    this.previews = new piece.Previews(
      () => host.requestUpdate(),
      () => host.renderRoot?.querySelector('.base') ?? undefined,
    );
    // Armed at once for what is queued already: the next render may come only after the first bytes went.
    this.guardUnload = piece.unloadGuard(host);
    this.guardUnload(host.guardsUnload);
    this.styleRows();
    // Items queued while the piece was on its way go now.
    this.#uploader()?.useEngine(piece.startEngine);
    host.requestUpdate();
  }
}
