/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging -- the class's option properties come typed from options.ts (end of file). */
import type { PropertyValues } from 'lit';
import { QueueCompleteEvent } from '../core/events.js';
import type { MediaFields, UploadItem } from '../core/types.js';
import type { EngineLessUploader } from '../core/uploader.js';
import { bridgeCore, nextFrame } from './core-bridge.js';
import { isInFlight } from '../core/item-phase.js';
import { FormAssociated } from './form-associated.js';
import { updateFormState } from './form-state.js';
import { coreOptions, properties, setInitialValues, touchesCore, type OptionValues } from './options.js';
import { PieceHolder } from './piece-holder.js';
import { folderPiece } from './piece-loader.js';
import { takeEvents } from './root-events.js';
import { renderUploader } from './uploader-template.js';
import { userInput } from './user-input.js';
import { Words } from './words.js';
import { styles } from './wistia-uploader.styles.js';

/** Items drawn at first, and added by each "Show more": keeps a list of thousands to one short task. */
const LIST_PAGE = 100;

/**
 * Uploads videos to Wistia: drag and drop, a file picker, a pasted or typed link (or `s3://` object),
 * with progress, cancel, retry and clear errors. A thin view over the headless engine of `wistia-uploader/core`.
 *
 * @summary Drop-in uploader for Wistia.
 *
 * @slot - The drop zone's heading. Defaults to "Upload videos".
 *
 * @csspart base - The element's surface around everything else (background, border, radius, shadow, padding).
 * @csspart dropzone - The area that takes dropped files.
 * @csspart button - The button that opens the file picker.
 * @csspart url-input - The field for a link to import.
 * @csspart url-button - The Import button beside the link field.
 * @csspart list - The list of uploads.
 * @csspart item - One upload in the list.
 * @csspart progress - An upload's progress bar.
 * @csspart status - An upload's status line.
 * @csspart thumbnail - A video file's first frame, decoded locally, until Wistia's thumbnail replaces it.
 * @csspart summary - The line over two or more uploads: how many are done, bytes and time left, an overall bar.
 *
 * @cssproperty [--wistia-uploader-accent=light-dark(#1d4ed8, #93b4ff)] - Buttons, links, progress, focus ring.
 * @cssproperty [--wistia-uploader-accent-text=light-dark(#ffffff, #0b1020)] - Text on the accent colour.
 * @cssproperty [--wistia-uploader-background=light-dark(#ffffff, #16181d)] - Background of the surface.
 * @cssproperty [--wistia-uploader-text=light-dark(#1f2328, #e6e8eb)] - Text.
 * @cssproperty [--wistia-uploader-border=light-dark(#6b7280, #9ca3af)] - Drop zone and field borders.
 * @cssproperty [--wistia-uploader-radius=8px] - Corner radius.
 * @cssproperty [--wistia-uploader-font=inherit] - Font shorthand.
 * @cssproperty [--wistia-uploader-error=light-dark(#b42318, #ffb4a9)] - Error texts.
 * @cssproperty [--wistia-uploader-success=light-dark(#166534, #86efac)] - Success texts.
 *
 * @fires {FileRejectEvent} wistia-file-reject - `{ item }`: input refused before any request.
 * @fires {UploadStartEvent} wistia-upload-start - `{ item }`: an item's first attempt begins.
 * @fires {UploadProgressEvent} wistia-upload-progress - `{ item, loaded, total, percent, bytesPerSecond, secondsLeft }`, at most once per frame per item.
 * @fires {UploadRetryEvent} wistia-upload-retry - `{ item, error, attempt, delayMs }`: a transient failure will be retried.
 * @fires {UploadResumeEvent} wistia-upload-resume - `{ item, offset }`: a resumable upload goes on from `offset` bytes the relay already holds.
 * @fires {UploadSuccessEvent} wistia-upload-success - `{ item, media }`: Wistia answered with media JSON.
 * @fires {MediaReadyEvent} wistia-media-ready - `{ item, media }`: with `wait-for-ready`, the media is ready.
 * @fires {UploadErrorEvent} wistia-upload-error - `{ item, error }`: the item ended `failed`; or, with `processing_unknown`, its processing cannot be watched (it stays `succeeded`).
 * @fires {UploadCancelEvent} wistia-upload-cancel - `{ item }`: the item ended `cancelled`.
 * @fires {QueueCompleteEvent} wistia-queue-complete - `{ succeeded, failed, cancelled }`: nothing queued or in flight any more.
 */
export class WistiaUploader extends FormAssociated {
  static override styles = styles;
  /** The options of src/element/options.ts, which also document them. */
  static override properties = properties;

  /** Made on first use: an element nobody has given anything to upload needs no engine. */
  #uploader?: EngineLessUploader;
  /** The engine, rows and previews (`upload-piece.ts`): fetched when an item comes or is about to. */
  readonly #pieces = new PieceHolder(
    this,
    () => (this.constructor as typeof WistiaUploader).elementStyles,
    () => this.#uploader,
  );
  readonly #words = new Words(this);
  readonly #input = userInput(
    this,
    () => this.#expectFiles(),
    () => this.#pieces.extra(folderPiece),
  );
  #restoreFocus?: () => void;
  /** The list as of the latest render. */
  #snapshot: readonly UploadItem[] = [];
  #limit = LIST_PAGE;
  /** Methods changing the list, now running: the form is brought up to date after them, not at each event. */
  #calls = 0;

  constructor() {
    super();
    setInitialValues(this);
  }

  /** A snapshot of the list, oldest first. */
  get items(): readonly UploadItem[] {
    return this.#uploader?.items ?? [];
  }

  /** Queues files as a drop would, with the same checks; returns the new items (refused ones too). */
  addFiles(files: Iterable<File>): UploadItem[] {
    return this.#changed((core) => core.add(files));
  }

  /** Imports a link (Dropbox links are rewritten; `s3://bucket/key` becomes an S3 copy). */
  importUrl(url: string, fields?: MediaFields): UploadItem {
    return this.#changed((core) => core.addUrl(url, fields));
  }

  /** Copies an object from an S3 bucket Wistia can read. */
  importS3(bucket: string, sourceFile: string, fields?: MediaFields): UploadItem {
    return this.#changed((core) => core.addS3(bucket, sourceFile, fields));
  }

  /** Sends queued items (in `manual` mode nothing is sent before this). */
  start(): void {
    this.#changed((core) => core.start());
  }

  /** Cancels one item, or without an id every queued or uploading one. */
  cancel(id?: string): void {
    this.#changed((core) => core.cancel(id));
  }

  /** Starts a failed (or cancelled) item again, or without an id every failed one. */
  retry(id?: string): void {
    this.#changed((core) => core.retry(id));
  }

  /**
   * Removes an item, cancelling it first when it is still running.
   * Without an id this is `Element.remove()`: the element leaves the page (uploads keep running).
   */
  override remove(id?: string): void {
    if (id === undefined) super.remove();
    else this.#changed((core) => core.remove(id));
  }

  /** Removes finished items (succeeded, failed, cancelled, refused). */
  clear(): void {
    this.#changed((core) => core.clear());
  }

  /** Opens the browser's file picker; browsers allow this only in response to a user action. */
  openFilePicker(): void {
    if (this.inputDisabled) return;
    this.renderRoot?.querySelector<HTMLInputElement>('input[type=file]')?.click();
    this.#expectFiles();
  }

  /** Files are on their way (picker open, drag under way): what they need is fetched while the visitor chooses. */
  #expectFiles(): void {
    this.#words.expectFiles();
    this.#pieces.need();
  }

  /** While the piece is on its way, an update is complete once the rows are drawn, or the failure shown. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    return this.items.length > 0 && (await this.#pieces.arrived()) ? this.getUpdateComplete() : done;
  }

  /** Focuses the file picker button. */
  override focus(options?: FocusOptions): void {
    this.renderRoot?.querySelector<HTMLButtonElement>('.choose')?.focus(options);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.#words.reload();
  }

  /** Takes these items off the list in one go: the form and the view are brought up to date once, not per item. @internal */
  removeItems(ids: readonly string[]): void {
    if (ids.length > 0) this.#changed((core) => core.act(() => ids.forEach((id) => core.remove(id))));
  }

  /** Form reset empties the list; running uploads are cancelled. */
  formResetCallback(): void {
    this.removeItems(this.items.map((item) => item.id));
    this.#input.urlRejection = undefined;
    this.requestUpdate();
  }

  /** Leaving the page asks first: uploads are queued or running (as last drawn), and `no-unload-warning` is off. @internal */
  get guardsUnload(): boolean {
    return this.hasAttribute('uploading') && !this.noUnloadWarning;
  }

  /** No input is taken: `disabled`, or inside a disabled `<fieldset>`. @internal */
  get inputDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** Properties set in the same task as a method call already apply to it; the view redraws after it. */
  #changed<T>(call: (core: EngineLessUploader) => T): T {
    const core = (this.#uploader ??= bridgeCore(this, this.#words, (event) => {
      if (this.#calls === 0 || event instanceof QueueCompleteEvent) this.#syncForm();
    }));
    this.#pieces.equip(core);
    core.configure(coreOptions(this));
    this.#calls++;
    try {
      return call(core);
    } finally {
      if (--this.#calls === 0) this.#syncForm();
      this.requestUpdate();
    }
  }

  /** The form sees the list as it is now, not as last drawn: an event's listener may read or submit it at once. */
  #syncForm(items = this.items): void {
    if (this.internals) updateFormState(this.internals, items, this, this.#words.text);
  }

  /** The template binds no listeners: each kind is taken once at the shadow root, for every control and row. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // Items added before the element joined the page may have brought the piece already.
    this.#pieces.styleRows();
    takeEvents(root, {
      click: (action, id) => {
        if (action === 'more') {
          this.#limit += LIST_PAGE;
          this.requestUpdate();
        } else if (action === 'loadPiece') this.#pieces.need();
        else if (action === 'importLink') this.#input.importLink();
        // A row's button acts on its row only: without an id, cancel and retry mean all, and remove the element.
        else if (action === 'cancel' || action === 'retry' || action === 'remove') {
          if (id) this[action](id);
        } else this[action]();
      },
      change: (target, id) => {
        const field = target.dataset.field;
        if (target.type === 'file') this.#input.picked(target);
        else if (id && (field === 'name' || field === 'description'))
          this.#changed((core) =>
            core.update(id, { [field]: field === 'name' ? target.value.trim() || undefined : target.value }),
          );
      },
      keydown: (target, event) => {
        // Typing a link: what sends it is fetched meanwhile.
        if (target.id === 'url') this.#pieces.need();
        this.#input.keydown(event);
      },
      cancel: () => this.#input.pickerClosed(),
    });
    return root;
  }

  /** After the first render, renders wait for the next frame: however many changes arrive in one, it is drawn once. */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated) await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const core = this.#uploader;
    if (core && touchesCore(changed)) {
      core.configure(coreOptions(this));
      // Leaving manual mode sends what was held.
      if (changed.has('manual') && !this.manual && changed.get('manual') === true) this.start();
    }
    this.#words.refresh(this.messages);
    this.#snapshot = this.items;
    // Only rows take focus away, and they come with the piece.
    this.#restoreFocus = this.#pieces.piece?.keepFocus(this.renderRoot as ShadowRoot | undefined);
  }

  protected override render() {
    const items = this.#snapshot;
    const view = { words: this.#words, limit: this.#limit, disabled: this.inputDisabled, manual: this.manual };
    const rows = this.#pieces.rows(items, view);
    return renderUploader(this, items, this.#words, this.#input.urlRejection, rows, this.#pieces.failed);
  }

  protected override updated(): void {
    const uploading = this.#snapshot.some(isInFlight);
    this.toggleAttribute('uploading', uploading);
    this.#pieces.guardUnload?.(this.guardsUnload);
    // `name`, `required` and the words change the form's view too.
    this.#syncForm(this.#snapshot);
    this.#restoreFocus?.();
    // After the frame is drawn, so a thousand files added are one short task; the previews come after.
    const drawn = this.#snapshot.filter((item) => item.status !== 'rejected').slice(0, this.#limit);
    setTimeout(() => this.isConnected && this.#pieces.previews?.sync(drawn));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#pieces.previews?.clear();
  }
}

// The option properties are typed by their table; Lit defines their accessors from `static properties`.
export interface WistiaUploader extends OptionValues {}
