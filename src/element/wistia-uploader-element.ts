import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
  EventName,
  FileRejectEvent,
  MediaReadyEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from '../core/events.js';
import { isFinished, isPending } from '../core/item-phase.js';
import type {
  BeforeUploadResult,
  MediaFields,
  TokenGrant,
  TokenRequest,
  UploaderOptions,
  UploadItem,
} from '../core/types.js';
import { createUploader, DEFAULT_OPTIONS, type Uploader } from '../core/uploader.js';
import { Announcer } from './announcer.js';
import { formattersFor, type Formatters } from '../core/format.js';
import { describeError } from '../core/messages.js';
import { LIST_PAGE, renderItemList, type ItemAction, type LiveProgress } from './item-list.js';
import { languageOf, loadMessages, watchLanguage } from './locale.js';
import { englishMessages, fill, type Messages } from './messages.js';
import { readTransfer, carriesUploadable } from './transfer-reading.js';
import { UnloadGuard } from './unload-guard.js';
import { styles } from './wistia-uploader.styles.js';

/** Properties handed to the headless core as they are. */
const CORE_OPTION_KEYS = [
  'tokenUrl',
  'tokenCredentials',
  'getToken',
  'uploadUrl',
  's3CopyUrl',
  'apiUrl',
  'projectId',
  'contactId',
  'description',
  'accept',
  'maxFileSize',
  'maxFiles',
  'concurrency',
  'retries',
  'stallTimeout',
  'manual',
  'waitForReady',
  'beforeUpload',
] as const satisfies readonly (keyof UploaderOptions)[];

/** Pace of progress redraws: each costs a frame (style, layout, paint, commit), which a bare upload never pays. */
const PROGRESS_DRAW_MS = 1000;

const CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

/** The next animation frame, or a short wait where there are none (a hidden tab). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 250);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/** A number attribute that does not parse, or is negative, means its default. */
function count(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A `lang` that `Intl` cannot read falls back to English rather than throwing while rendering. */
function intlLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

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

  static override properties = {
    tokenUrl: { attribute: 'token-url' },
    tokenCredentials: { attribute: 'token-credentials' },
    uploadUrl: { attribute: 'upload-url' },
    s3CopyUrl: { attribute: 's3-copy-url' },
    apiUrl: { attribute: 'api-url' },
    projectId: { attribute: 'project-id' },
    contactId: { attribute: 'contact-id' },
    description: {},
    accept: {},
    maxFileSize: { attribute: 'max-file-size', type: Number },
    maxFiles: { attribute: 'max-files', type: Number },
    multiple: { type: Boolean },
    concurrency: { type: Number },
    retries: { type: Number },
    stallTimeout: { attribute: 'stall-timeout', type: Number },
    manual: { type: Boolean },
    waitForReady: { attribute: 'wait-for-ready', type: Boolean },
    noUrl: { attribute: 'no-url', type: Boolean },
    noUnloadWarning: { attribute: 'no-unload-warning', type: Boolean },
    disabled: { type: Boolean, reflect: true },
    name: {},
    required: { type: Boolean },
    getToken: { attribute: false },
    beforeUpload: { attribute: false },
    messages: { attribute: false },
  };

  /** Backend endpoint that returns a short-lived upload token. Required unless `getToken` is set. */
  declare tokenUrl: string | undefined;
  /** `fetch` credentials mode of the token request: `omit`, `same-origin` or `include`. */
  declare tokenCredentials: RequestCredentials;
  /** Wistia Upload API. Must be https (http only for localhost); otherwise items fail with `insecure_url`. */
  declare uploadUrl: string;
  /** Wistia S3 Copy endpoint. Same https rule as `uploadUrl`. */
  declare s3CopyUrl: string;
  /** Wistia Data API root, used only for `wait-for-ready`. Same https rule as `uploadUrl`. */
  declare apiUrl: string;
  /** Hashed id of the project to upload into; omitted, Wistia creates `Uploads_YYYY-MM-DD`. */
  declare projectId: string | undefined;
  /** Wistia contact id (an integer as text). */
  declare contactId: string | undefined;
  /** Default description of every media. */
  declare description: string | undefined;
  /** Accepted files, as in `<input type=file accept>`: MIME types, `type/*`, `.ext`. */
  declare accept: string;
  /** Largest file in bytes; 0 means no limit. */
  declare maxFileSize: number;
  /** Most items in the list at once; 0 means no limit. */
  declare maxFiles: number;
  /** Allow more than one file per pick, drop or paste; when off, the first is taken and the rest refused (`rejected_count`). */
  declare multiple: boolean;
  /** Uploads in flight at once. */
  declare concurrency: number;
  /** Automatic retries of a transient failure. */
  declare retries: number;
  /** Milliseconds without upload progress before an attempt is aborted and retried. */
  declare stallTimeout: number;
  /** Queue items without sending them until `start()`, so names and descriptions can be edited first. */
  declare manual: boolean;
  /** After upload, poll Wistia until the media is ready (`wistia-media-ready`) or failed. */
  declare waitForReady: boolean;
  /** Hide the field for importing a link. */
  declare noUrl: boolean;
  /** Don't ask the browser to confirm leaving the page while uploads run. */
  declare noUnloadWarning: boolean;
  /** No input is accepted. Reflected. */
  declare disabled: boolean;
  /** Form field name of the hashed ids of succeeded uploads. */
  declare name: string | undefined;
  /** Form validity: at least one upload must succeed. */
  declare required: boolean;
  /** Replaces `token-url`: returns the token, e.g. after adding a CSRF header to your own request. */
  declare getToken: ((req: TokenRequest) => Promise<string | TokenGrant>) | undefined;
  /** Last chance to set name, description, project or contact of an item, or to refuse it (`false`). */
  declare beforeUpload: ((item: UploadItem) => BeforeUploadResult | Promise<BeforeUploadResult>) | undefined;
  /** Overrides of any UI string, on top of the language chosen by `lang`. */
  declare messages: Partial<Messages> | undefined;

  private readonly core: Uploader;
  private readonly internals?: ElementInternals;
  private readonly unloadGuard = new UnloadGuard(this);
  private readonly announcer = new Announcer(
    () => this.renderRoot?.querySelector<HTMLElement>('.announcer'),
    (n) => fill(this.text.announceMore, { count: n }),
  );

  private progressDraw?: ReturnType<typeof setTimeout>;

  /** The list as of the latest render. */
  private snapshot: readonly UploadItem[] = [];
  private readonly live = new Map<string, LiveProgress>();
  private readonly retrying = new Map<string, number>();
  /** Queued items waiting for Start in manual mode (the core holds them; this mirrors which). */
  private readonly held = new Set<string>();
  /** Items refused because `multiple` is off, told apart from the `max-files` limit. */
  private readonly refusedAsExtra = new Set<string>();
  private languageMessages: Messages = englishMessages;
  private locale = 'en';
  private languageRequest = 0;
  private stopWatchingLanguage?: () => void;
  private text: Messages = englishMessages;
  private format: Formatters = formattersFor('en');
  private limit = LIST_PAGE;
  private dragDepth = 0;
  private formDisabled = false;
  /** The link field's latest rejection, described beside the field. */
  private urlRejection?: string;
  private focusBefore?: { element: Element; row?: string; next?: string; previous?: string };

  constructor() {
    super();
    this.tokenCredentials = 'same-origin';
    this.uploadUrl = DEFAULT_OPTIONS.uploadUrl;
    this.s3CopyUrl = DEFAULT_OPTIONS.s3CopyUrl;
    this.apiUrl = DEFAULT_OPTIONS.apiUrl;
    this.accept = DEFAULT_OPTIONS.accept;
    this.maxFileSize = 0;
    this.maxFiles = 0;
    this.multiple = false;
    this.concurrency = DEFAULT_OPTIONS.concurrency;
    this.retries = DEFAULT_OPTIONS.retries;
    this.stallTimeout = DEFAULT_OPTIONS.stallTimeout;
    this.manual = false;
    this.waitForReady = false;
    this.noUrl = false;
    this.noUnloadWarning = false;
    this.disabled = false;
    this.required = false;
    this.internals = typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
    this.core = createUploader(this.coreOptions());
    for (const type of Object.values(EventName)) this.core.addEventListener(type, this.onCoreEvent);
    this.addEventListener('dragenter', this.onDragEnter);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
    this.addEventListener('paste', this.onPaste);
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
    this.syncOptions();
    const items = this.core.add(files, this.multiple ? {} : { max: 1 });
    items.forEach((item, index) => {
      if (item.status === 'queued' && this.manual) this.held.add(item.id);
      if (index > 0 && !this.multiple && item.error?.code === 'rejected_count') this.refusedAsExtra.add(item.id);
    });
    this.requestUpdate();
    return items;
  }

  /** Imports a link (Dropbox links are rewritten; `s3://bucket/key` becomes an S3 copy). */
  importUrl(url: string, fields?: MediaFields): UploadItem {
    this.syncOptions();
    return this.noteAdded(this.core.addUrl(url, fields));
  }

  /** Copies an object from an S3 bucket Wistia can read. */
  importS3(bucket: string, sourceFile: string, fields?: MediaFields): UploadItem {
    this.syncOptions();
    return this.noteAdded(this.core.addS3(bucket, sourceFile, fields));
  }

  /** Sends queued items (in `manual` mode nothing is sent before this). */
  start(): void {
    this.syncOptions();
    this.held.clear();
    this.core.start();
    this.requestUpdate();
  }

  /** Cancels one item, or without an id every queued or uploading one. */
  cancel(id?: string): void {
    this.core.cancel(id);
    this.requestUpdate();
  }

  /** Starts a failed (or cancelled) item again, or without an id every failed one. */
  retry(id?: string): void {
    this.syncOptions();
    this.core.retry(id);
    this.requestUpdate();
  }

  /**
   * Removes an item, cancelling it first when it is still running.
   * Without an id this is `Element.remove()`: the element leaves the page (uploads keep running).
   */
  override remove(id?: string): void {
    if (id === undefined) return super.remove();
    this.core.remove(id);
    this.forget(id);
    this.requestUpdate();
  }

  /** Removes finished items (succeeded, failed, cancelled, refused). */
  clear(): void {
    this.core.clear();
    this.requestUpdate();
  }

  /** Opens the browser's file picker; browsers allow this only in response to a user action. */
  openFilePicker(): void {
    if (this.isDisabled) return;
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
    if (name === 'lang') this.updateLanguage();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopWatchingLanguage = watchLanguage(() => this.updateLanguage());
    this.updateLanguage();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatchingLanguage?.();
    this.dragDepth = 0;
    this.toggleAttribute('dragging', false);
  }

  /** Form reset empties the list; running uploads are cancelled. */
  formResetCallback(): void {
    for (const item of this.core.items) this.core.remove(item.id);
    this.held.clear();
    this.refusedAsExtra.clear();
    this.urlRejection = undefined;
    this.requestUpdate();
  }

  /** A disabled `<fieldset>` (or the element's own `disabled`) stops input. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  private get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  private coreOptions(): UploaderOptions {
    const options: UploaderOptions = {};
    for (const key of CORE_OPTION_KEYS) (options as Record<string, unknown>)[key] = this[key];
    options.tokenCredentials = CREDENTIALS.includes(this.tokenCredentials) ? this.tokenCredentials : 'same-origin';
    options.uploadUrl = this.uploadUrl || DEFAULT_OPTIONS.uploadUrl;
    options.s3CopyUrl = this.s3CopyUrl || DEFAULT_OPTIONS.s3CopyUrl;
    options.apiUrl = this.apiUrl || DEFAULT_OPTIONS.apiUrl;
    options.maxFileSize = count(this.maxFileSize, 0);
    options.maxFiles = count(this.maxFiles, 0);
    options.concurrency = Math.max(1, count(this.concurrency, DEFAULT_OPTIONS.concurrency));
    options.retries = count(this.retries, DEFAULT_OPTIONS.retries);
    options.stallTimeout = count(this.stallTimeout, DEFAULT_OPTIONS.stallTimeout);
    return options;
  }

  /** Properties set in the same task as a method call must already apply to it. */
  private syncOptions(): void {
    this.core.configure(this.coreOptions());
  }

  private noteAdded(item: UploadItem): UploadItem {
    if (item.status === 'queued' && this.manual) this.held.add(item.id);
    this.requestUpdate();
    return item;
  }

  private forget(id: string): void {
    this.held.delete(id);
    this.live.delete(id);
    this.retrying.delete(id);
    this.refusedAsExtra.delete(id);
  }

  private updateLanguage(): void {
    const lang = languageOf(this);
    const request = ++this.languageRequest;
    void loadMessages(lang).then((messages) => {
      if (request !== this.languageRequest) return;
      this.languageMessages = messages;
      this.locale = intlLocale(lang);
      this.requestUpdate();
    });
  }

  /** Byte counts change many times a second; drawing them every PROGRESS_DRAW_MS keeps the main thread free. */
  private drawProgressSoon(): void {
    this.progressDraw ??= setTimeout(() => {
      this.progressDraw = undefined;
      this.requestUpdate();
    }, PROGRESS_DRAW_MS);
  }

  /** The core's events: update the view, tell assistive technology, then re-dispatch on the element. */
  private readonly onCoreEvent = (event: Event) => {
    const m = this.text;
    if (event instanceof UploadProgressEvent) {
      const { item, bytesPerSecond, secondsLeft } = event.detail;
      this.retrying.delete(item.id);
      this.live.set(item.id, { bytesPerSecond, secondsLeft });
    } else if (event instanceof UploadRetryEvent) {
      this.live.delete(event.detail.item.id);
      this.retrying.set(event.detail.item.id, event.detail.attempt);
    } else if (event instanceof UploadStartEvent) {
      this.announcer.say(fill(m.announceStart, { name: event.detail.item.name }));
    } else if (event instanceof FileRejectEvent) {
      const { item } = event.detail;
      // Read later: while `addFiles` runs, the element does not yet know why a file was refused.
      this.announcer.say(() => fill(this.text.announceReject, { name: item.name, reason: this.errorText(item) }));
    } else if (event instanceof UploadSuccessEvent) {
      this.forget(event.detail.item.id);
      this.announcer.say(fill(m.announceSuccess, { name: event.detail.item.name }));
    } else if (event instanceof MediaReadyEvent) {
      this.announcer.say(fill(m.announceReady, { name: event.detail.item.name }));
    } else if (event instanceof UploadErrorEvent) {
      const { item } = event.detail;
      this.forget(item.id);
      this.announcer.say(fill(m.announceError, { name: item.name, reason: this.errorText(item) }));
    } else if (event instanceof UploadCancelEvent) {
      this.forget(event.detail.item.id);
      this.announcer.say(fill(m.announceCancel, { name: event.detail.item.name }));
    }
    if (event instanceof UploadProgressEvent) this.drawProgressSoon();
    else this.requestUpdate();
    // A new instance of the same class with the same detail: the core's event cannot be dispatched twice.
    const Same = event.constructor as new (detail: unknown) => Event;
    this.dispatchEvent(new Same((event as Event & { detail: unknown }).detail));
  };

  /** The reason an item was refused or failed, in the UI's language; Wistia's own words when it sent some. */
  private errorText(item: UploadItem): string {
    const error = item.error;
    if (!error) return '';
    return error.reason ? describeError(error.reason, error.values, this.text, this.locale) : error.message;
  }

  // ── Input ────────────────────────────────────────────────────────────────

  /** Every user input starts afresh: reasons for earlier refusals are dismissed. */
  private dismissRejections(): void {
    for (const item of this.core.items) if (item.status === 'rejected') this.remove(item.id);
    this.urlRejection = undefined;
  }

  private take(files: File[], links: string[]): void {
    if (files.length === 0 && links.length === 0) return;
    this.dismissRejections();
    if (files.length > 0) this.addFiles(files);
    for (const link of this.multiple ? links : links.slice(0, 1)) this.importUrl(link);
  }

  private readonly onDragEnter = (event: DragEvent) => {
    if (!carriesUploadable(event.dataTransfer)) return;
    event.preventDefault();
    this.dragDepth++;
    if (!this.isDisabled) this.setDragging(true);
  };

  private readonly onDragOver = (event: DragEvent) => {
    if (!carriesUploadable(event.dataTransfer)) return;
    // Without preventDefault the browser would open a dropped file in place of the page.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.isDisabled ? 'none' : 'copy';
  };

  private readonly onDragLeave = () => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.setDragging(false);
  };

  private readonly onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragDepth = 0;
    this.setDragging(false);
    if (this.isDisabled) return;
    const { files, links } = readTransfer(event.dataTransfer);
    this.take(files, links);
  };

  private setDragging(on: boolean): void {
    if (this.hasAttribute('dragging') === on) return;
    this.toggleAttribute('dragging', on);
    this.requestUpdate();
  }

  private readonly onPaste = (event: ClipboardEvent) => {
    if (this.isDisabled) return;
    const { files, links } = readTransfer(event.clipboardData);
    const target = event.composedPath()[0];
    // Text pasted into a text field is for that field.
    const intoField = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    if (files.length === 0 && (intoField || links.length === 0)) return;
    event.preventDefault();
    this.take(files, links);
  };

  private onPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // Picking the same file again must fire `change` again.
    input.value = '';
    this.take(files, []);
    this.onPickerClosed();
  }

  /** Safari and WebKit do not focus a clicked button: once the file dialog closes, focus would be nowhere. */
  private readonly onPickerClosed = () => {
    if (!document.activeElement || document.activeElement === document.body) this.focus();
  };

  private onUrlKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    this.importFromField();
  }

  private importFromField(): void {
    const field = this.renderRoot.querySelector<HTMLInputElement>('#url');
    if (!field || this.isDisabled) return;
    const value = field.value.trim();
    if (value === '') {
      field.focus();
      return;
    }
    this.dismissRejections();
    const item = this.importUrl(value);
    if (item.status === 'rejected') {
      this.urlRejection = item.id;
    } else {
      field.value = '';
    }
    this.requestUpdate();
  }

  private onListClick(event: Event): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.dataset.action as ItemAction | 'more';
    if (action === 'more') {
      this.limit += LIST_PAGE;
      this.requestUpdate();
      return;
    }
    const id = button.closest<HTMLElement>('[data-id]')?.dataset.id;
    if (!id) return;
    if (action === 'cancel') this.cancel(id);
    else if (action === 'retry') this.retry(id);
    else this.remove(id);
  }

  private onListChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field;
    const id = input.closest<HTMLElement>('[data-id]')?.dataset.id;
    if (!id || (field !== 'name' && field !== 'description')) return;
    this.core.update(id, { [field]: field === 'name' ? input.value.trim() || undefined : input.value });
    this.requestUpdate();
  }

  // ── Rendering ────────────────────────────────────────────────────────────

  /** After the first render, renders wait for the next frame: however many changes arrive in one, it is drawn once. */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated) await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (CORE_OPTION_KEYS.some((key) => changed.has(key))) {
      this.syncOptions();
      // Leaving manual mode sends what was held.
      if (changed.has('manual') && !this.manual && changed.get('manual') === true) this.start();
    }
    this.text = { ...this.languageMessages, ...this.messages };
    this.format = formattersFor(this.locale);
    this.snapshot = this.core.items;
    this.rememberFocus();
  }

  protected override render() {
    const m = this.text;
    const disabled = this.isDisabled;
    const dragging = this.hasAttribute('dragging');
    const rejected = this.snapshot.filter((item) => item.status === 'rejected');
    const listed = rejected.length === 0 ? this.snapshot : this.snapshot.filter((item) => item.status !== 'rejected');
    const urlRejected = this.urlRejection !== undefined && rejected.some((item) => item.id === this.urlRejection);
    const finished = listed.some((item) => isFinished(item.status));
    return html`<div part="base" class="base">
      <div part="dropzone" class="dropzone">
        <div class="heading"><slot>${m.dropHeading}</slot></div>
        <p class="hint">${dragging ? m.dropRelease : this.multiple ? m.dropHint : m.dropHintSingle}</p>
        <button
          part="button"
          type="button"
          class="choose primary"
          ?disabled=${disabled}
          aria-describedby=${this.maxFileSize > 0 ? 'limits' : nothing}
          @click=${this.openFilePicker}
        >
          ${this.multiple ? m.chooseFiles : m.chooseFile}
        </button>
        ${
          this.maxFileSize > 0
            ? html`<p class="limits" id="limits">${fill(m.limitSize, { size: this.format.size(this.maxFileSize) })}</p>`
            : nothing
        }
      </div>
      ${
        this.noUrl
          ? nothing
          : html`<div class="url">
              <label for="url">${m.urlLabel}</label>
              <div class="url-row">
                <input
                  id="url"
                  part="url-input"
                  type="url"
                  autocomplete="off"
                  spellcheck="false"
                  placeholder=${m.urlPlaceholder}
                  ?disabled=${disabled}
                  aria-invalid=${urlRejected ? 'true' : 'false'}
                  aria-describedby=${urlRejected ? `reason-${this.urlRejection}` : nothing}
                  @keydown=${this.onUrlKeydown}
                />
                <button part="url-button" type="button" ?disabled=${disabled} @click=${this.importFromField}>
                  ${m.importButton}
                </button>
              </div>
            </div>`
      }
      ${
        rejected.length > 0
          ? html`<ul class="rejections" aria-label=${m.rejectionsLabel} @click=${this.onListClick}>
              ${repeat(
                rejected,
                (item) => item.id,
                (item) =>
                  html`<li data-id=${item.id}>
                    <span class="name">${item.name}</span>
                    <span class="reason" id=${`reason-${item.id}`}>${this.errorText(item)}</span>
                    <button
                      type="button"
                      data-action="remove"
                      aria-label=${fill(m.dismissLabel, { name: item.name })}
                      ?disabled=${disabled}
                    >
                      ${m.dismissButton}
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        listed.length > 0
          ? html`<div class="items" @click=${this.onListClick} @change=${this.onListChange}>
              ${renderItemList({
                items: listed,
                limit: this.limit,
                messages: m,
                format: this.format,
                live: this.live,
                retrying: this.retrying,
                held: this.held,
                disabled,
                errorText: (item) => this.errorText(item),
              })}
            </div>`
          : nothing
      }
      ${
        (this.manual && this.held.size > 0) || finished
          ? html`<div class="toolbar">
              ${finished ? html`<button type="button" class="clear" ?disabled=${disabled} @click=${this.clear}>${m.clearButton}</button>` : nothing}
              ${
                this.manual && this.held.size > 0
                  ? html`<button type="button" class="start primary" ?disabled=${disabled} @click=${this.start}>
                      ${m.startButton}
                    </button>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <div class="announcer visually-hidden" role="status" aria-live="polite"></div>
      <input
        type="file"
        hidden
        tabindex="-1"
        accept=${this.accept || nothing}
        ?multiple=${this.multiple}
        ?disabled=${disabled}
        @change=${this.onPicked}
        @cancel=${this.onPickerClosed}
      />
    </div>`;
  }

  protected override updated(): void {
    const inFlight = this.snapshot.some(
      (item) => item.status === 'uploading' || (item.status === 'queued' && !this.held.has(item.id)),
    );
    this.toggleAttribute('uploading', inFlight);
    this.unloadGuard.active = inFlight && !this.noUnloadWarning;
    this.updateFormState();
    this.restoreFocus();
  }

  private updateFormState(): void {
    const internals = this.internals;
    if (!internals) return;
    const succeeded = this.snapshot.filter((item) => item.status === 'succeeded' && item.media);
    if (this.name && succeeded.length > 0) {
      const data = new FormData();
      for (const item of succeeded) data.append(this.name, item.media!.hashed_id);
      internals.setFormValue(data);
    } else {
      internals.setFormValue(null);
    }
    const anchor = this.renderRoot.querySelector<HTMLElement>('.choose') ?? undefined;
    if (this.snapshot.some((item) => isPending(item.status))) {
      internals.setValidity({ customError: true }, this.text.validityInFlight, anchor);
    } else if (this.required && succeeded.length === 0) {
      internals.setValidity({ valueMissing: true }, this.text.validityMissing, anchor);
    } else {
      internals.setValidity({});
    }
  }

  /** Notes where focus is before a render that may take the focused button away. */
  private rememberFocus(): void {
    const active = (this.renderRoot as ShadowRoot | undefined)?.activeElement;
    if (!active) {
      this.focusBefore = undefined;
      return;
    }
    const row = active.closest<HTMLElement>('[data-id]');
    this.focusBefore = {
      element: active,
      row: row?.dataset.id,
      next: (row?.nextElementSibling as HTMLElement | null)?.dataset.id,
      previous: (row?.previousElementSibling as HTMLElement | null)?.dataset.id,
    };
  }

  /** Focus that was lost with its button goes to the same item, else the next one, else the previous, else the picker button. */
  private restoreFocus(): void {
    const before = this.focusBefore;
    this.focusBefore = undefined;
    if (!before || before.element.isConnected) return;
    const root = this.renderRoot;
    const firstControl = (id?: string) => {
      const found = id === undefined ? null : root.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
      return (
        found?.querySelector<HTMLElement>('button:not(:disabled)') ??
        found?.querySelector<HTMLElement>('input:not(:disabled), a[href]') ??
        null
      );
    };
    const target =
      firstControl(before.row) ??
      firstControl(before.next) ??
      firstControl(before.previous) ??
      root.querySelector<HTMLElement>('.items button, .rejections button') ??
      root.querySelector<HTMLElement>('.choose');
    target?.focus();
  }
}
