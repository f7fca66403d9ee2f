import { adoptStyles, nothing, type CSSResultOrNative, type ReactiveControllerHost } from 'lit';
import type { UploadItem } from '../core/types.js';
import type { EngineLessUploader } from '../core/uploader.js';
import { tusPiece, uploadPiece, type UploadPiece } from './piece-loader.js';
import type { Previews } from './previews.js';
import type { RowsView } from './rows-template.js';
import type { Rows } from './uploader-template.js';

type Host = ReactiveControllerHost &
  HTMLElement & { readonly renderRoot: ParentNode | undefined; readonly resumable: boolean };

/**
 * An element's hold on the upload piece (engine, rows, previews): fetched once something is added or about to be,
 * its row styles adopted and its engine given to the element's uploader when it arrives. With `resumable`, the tus
 * piece too, which items wait for. A failure to load is kept for the element to show, until the next try.
 */
export class PieceHolder {
  piece?: UploadPiece;
  previews?: Previews;
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

  /** Fetches the piece unless it is here or on its way; with `resumable`, the tus piece as well. */
  need(): void {
    if (this.#host.resumable) this.#needTus();
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

  /** Gives a new uploader the engine, if it is here already, and the tus client once it is asked for. */
  equip(uploader: EngineLessUploader): void {
    uploader.needTus ??= () => this.#needTus();
    uploader.tus ??= tusPiece.here?.tusClient;
    if (this.piece) uploader.useEngine(this.piece.startEngine);
    else this.need();
  }

  /** Resolves once the tus client is here, however many tries that takes: items of a `resumable` queue wait. */
  #tusArrived?: Promise<unknown>;
  #tusLoading = false;
  #tusHere?: () => void;

  #needTus(): Promise<unknown> {
    this.#tusArrived ??= new Promise<void>((resolve) => (this.#tusHere = resolve));
    const here = tusPiece.here;
    if (here) this.#useTus(here.tusClient);
    else if (!this.#tusLoading) {
      this.#tusLoading = true;
      this.failed = false;
      tusPiece
        .load()
        .then(
          (piece) => this.#useTus(piece.tusClient),
          () => void (this.failed = true),
        )
        .finally(() => {
          this.#tusLoading = false;
          this.#host.requestUpdate();
        });
    }
    return this.#tusArrived;
  }

  #useTus(client: NonNullable<EngineLessUploader['tus']>): void {
    const uploader = this.#uploader();
    if (uploader) uploader.tus = client;
    this.#tusHere?.();
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
    this.styleRows();
    // Items queued while the piece was on its way go now.
    this.#uploader()?.useEngine(piece.startEngine);
    host.requestUpdate();
  }
}
