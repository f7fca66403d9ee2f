/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging -- the class's option properties come typed from options.ts (end of file). */
import { LitElement, type PropertyValues } from 'lit';
import type { MediaFields, UploadItem } from '../core/types.js';
import { createUploader } from '../core/uploader.js';
import type { Uploader } from '../core/types.js';
import { CoreBridge, nextFrame } from './core-bridge.js';
import { FocusKeeper } from './focus-keeper.js';
import { inFlight, updateFormState } from './form-state.js';
import { LIST_PAGE, type ItemAction } from './item-list.js';
import { coreOptions, properties, setInitialValues, touchesCore, type OptionValues } from './options.js';
import { UnloadGuard } from './unload-guard.js';
import { renderUploader } from './uploader-template.js';
import { UserInput } from './user-input.js';
import { Words } from './words.js';
import { styles } from './wistia-uploader.styles.js';

/**
 * Uploads videos to Wistia: drag and drop, a file picker, a pasted or typed link (or `s3://` object),
 * with progress, cancel, retry and clear errors. A thin view over the headless engine of `wistia-uploader/core`.
 *
 * @summary Drop-in uploader for Wistia.
 *
 * @slot - The drop zone's heading. Defaults to "Upload videos".
 *
 * @csspart base - The element's frame around everything else.
 * @csspart dropzone - The area that takes dropped files.
 * @csspart button - The button that opens the file picker.
 * @csspart url-input - The field for a link to import.
 * @csspart url-button - The Import button beside the link field.
 * @csspart list - The list of uploads.
 * @csspart item - One upload in the list.
 * @csspart progress - An upload's progress bar.
 * @csspart status - An upload's status line.
 * @csspart thumbnail - The media's thumbnail once Wistia has it.
 *
 * @cssproperty [--wistia-uploader-accent=light-dark(#1d4ed8, #93b4ff)] - Buttons, links, progress, focus ring.
 * @cssproperty [--wistia-uploader-accent-text=light-dark(#ffffff, #0b1020)] - Text on the accent colour.
 * @cssproperty [--wistia-uploader-background=Canvas] - Background.
 * @cssproperty [--wistia-uploader-text=CanvasText] - Text.
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
 * @fires {UploadSuccessEvent} wistia-upload-success - `{ item, media }`: Wistia answered with media JSON.
 * @fires {MediaReadyEvent} wistia-media-ready - `{ item, media }`: with `wait-for-ready`, the media is ready.
 * @fires {UploadErrorEvent} wistia-upload-error - `{ item, error }`: the item ended `failed`.
 * @fires {UploadCancelEvent} wistia-upload-cancel - `{ item }`: the item ended `cancelled`.
 * @fires {QueueCompleteEvent} wistia-queue-complete - `{ succeeded, failed, cancelled }`: nothing queued or in flight any more.
 */
export class WistiaUploader extends LitElement {
  static override styles = styles;
  /** Form-associated: the form gets one `name=<hashed_id>` entry per succeeded upload. */
  static formAssociated = true;
  /** The options of src/element/options.ts, which also document them. */
  static override properties = properties;

  private readonly core: Uploader;
  private readonly internals?: ElementInternals;
  private readonly words = new Words(this);
  private readonly input = new UserInput(this);
  private readonly focusKeeper = new FocusKeeper();
  private readonly unloadGuard = new UnloadGuard(this);
  /** The list as of the latest render. */
  private snapshot: readonly UploadItem[] = [];
  private limit = LIST_PAGE;
  private formDisabled = false;

  constructor() {
    super();
    setInitialValues(this);
    this.internals = typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
    this.core = createUploader(coreOptions(this));
    new CoreBridge(this, this.core, this.words);
  }

  /** A snapshot of the list, oldest first. */
  get items(): readonly UploadItem[] {
    return this.core.items;
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals?.form ?? null;
  }

  /** Form validity: `valueMissing` when `required` and nothing succeeded, `customError` while uploads run. */
  get validity(): ValidityState | undefined {
    return this.internals?.validity;
  }

  /** The message a browser shows for the current validity. */
  get validationMessage(): string {
    return this.internals?.validationMessage ?? '';
  }

  /** Whether the form validates this element (not when disabled). */
  get willValidate(): boolean {
    return this.internals?.willValidate ?? false;
  }

  /** Same as `<input>.checkValidity()`. */
  checkValidity(): boolean {
    return this.internals?.checkValidity() ?? true;
  }

  /** Same as `<input>.reportValidity()`. */
  reportValidity(): boolean {
    return this.internals?.reportValidity() ?? true;
  }

  /** Queues files as a drop would, with the same checks; returns the new items (refused ones too). */
  addFiles(files: Iterable<File>): UploadItem[] {
    return this.changed(() => this.core.add(files, this.multiple ? {} : { max: 1 }));
  }

  /** Imports a link (Dropbox links are rewritten; `s3://bucket/key` becomes an S3 copy). */
  importUrl(url: string, fields?: MediaFields): UploadItem {
    return this.changed(() => this.core.addUrl(url, fields));
  }

  /** Copies an object from an S3 bucket Wistia can read. */
  importS3(bucket: string, sourceFile: string, fields?: MediaFields): UploadItem {
    return this.changed(() => this.core.addS3(bucket, sourceFile, fields));
  }

  /** Sends queued items (in `manual` mode nothing is sent before this). */
  start(): void {
    this.changed(() => this.core.start());
  }

  /** Cancels one item, or without an id every queued or uploading one. */
  cancel(id?: string): void {
    this.changed(() => this.core.cancel(id));
  }

  /** Starts a failed (or cancelled) item again, or without an id every failed one. */
  retry(id?: string): void {
    this.changed(() => this.core.retry(id));
  }

  /**
   * Removes an item, cancelling it first when it is still running.
   * Without an id this is `Element.remove()`: the element leaves the page (uploads keep running).
   */
  override remove(id?: string): void {
    if (id === undefined) super.remove();
    else this.changed(() => this.core.remove(id));
  }

  /** Removes finished items (succeeded, failed, cancelled, refused). */
  clear(): void {
    this.changed(() => this.core.clear());
  }

  /** Opens the browser's file picker; browsers allow this only in response to a user action. */
  openFilePicker(): void {
    if (this.inputDisabled) return;
    this.renderRoot?.querySelector<HTMLInputElement>('input[type=file]')?.click();
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
    if (name === 'lang' && this.isConnected) this.words.reload();
  }

  /** Form reset empties the list; running uploads are cancelled. */
  formResetCallback(): void {
    for (const item of this.core.items) this.core.remove(item.id);
    this.input.urlRejection = undefined;
    this.requestUpdate();
  }

  /** A disabled `<fieldset>` (or the element's own `disabled`) stops input. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  /**
   * No input is taken: `disabled`, or inside a disabled `<fieldset>`.
   * @internal
   */
  get inputDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** Properties set in the same task as a method call already apply to it; the view redraws after it. */
  private changed<T>(call: () => T): T {
    this.core.configure(coreOptions(this));
    const result = call();
    this.requestUpdate();
    return result;
  }

  private onListClick(event: Event): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.dataset.action as ItemAction | 'more';
    const id = button.closest<HTMLElement>('[data-id]')?.dataset.id;
    if (action === 'more') {
      this.limit += LIST_PAGE;
      this.requestUpdate();
    } else if (id) {
      this[action](id);
    }
  }

  private onListChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field;
    const id = input.closest<HTMLElement>('[data-id]')?.dataset.id;
    if (!id || (field !== 'name' && field !== 'description')) return;
    this.changed(() =>
      this.core.update(id, { [field]: field === 'name' ? input.value.trim() || undefined : input.value }),
    );
  }

  /** After the first render, renders wait for the next frame: however many changes arrive in one, it is drawn once. */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated) await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (touchesCore(changed)) {
      this.core.configure(coreOptions(this));
      // Leaving manual mode sends what was held.
      if (changed.has('manual') && !this.manual && changed.get('manual') === true) this.start();
    }
    this.words.refresh(this.messages);
    this.snapshot = this.core.items;
    this.focusKeeper.remember(this.renderRoot as ShadowRoot | undefined);
  }

  protected override render() {
    return renderUploader({
      items: this.snapshot,
      words: this.words,
      limit: this.limit,
      disabled: this.inputDisabled,
      dragging: this.hasAttribute('dragging'),
      multiple: this.multiple,
      manual: this.manual,
      noUrl: this.noUrl,
      maxFileSize: this.maxFileSize,
      accept: this.accept,
      capture: this.capture,
      urlRejection: this.input.urlRejection,
      openFilePicker: this.openFilePicker,
      onPicked: this.input.onPicked,
      onPickerClosed: this.input.onPickerClosed,
      onUrlKeydown: this.input.onUrlKeydown,
      importFromField: this.input.importFromField,
      onListClick: this.onListClick,
      onListChange: this.onListChange,
      clear: this.clear,
      start: this.start,
    });
  }

  protected override updated(): void {
    const uploading = this.snapshot.some(inFlight);
    this.toggleAttribute('uploading', uploading);
    this.unloadGuard.active = uploading && !this.noUnloadWarning;
    if (this.internals) {
      const anchor = this.renderRoot.querySelector<HTMLElement>('.choose') ?? undefined;
      updateFormState(this.internals, this.snapshot, this, this.words.text, anchor);
    }
    this.focusKeeper.restore(this.renderRoot);
  }
}

// The option properties are typed by their table; Lit defines their accessors from `static properties`.
export interface WistiaUploader extends OptionValues {}
