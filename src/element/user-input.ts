import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaFields, UploadItem } from '../core/types.js';
import { filesInFolders } from './folder-walk.js';
import { carriesUploadable, readTransfer } from './transfer-reading.js';

/** What the input needs of the element. */
export interface InputHost extends ReactiveControllerHost, HTMLElement {
  readonly multiple: boolean;
  readonly inputDisabled: boolean;
  readonly items: readonly UploadItem[];
  readonly renderRoot: ParentNode;
  addFiles(files: Iterable<File>): UploadItem[];
  importUrl(url: string, fields?: MediaFields): UploadItem;
  remove(id?: string): void;
}

/** A macrotask: lets the page draw and answer between batches of a large folder. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The ways files and links come in: the picker, drag and drop (folders too), paste, and the link field. */
export class UserInput implements ReactiveController {
  /** The link field's latest refusal, described beside the field. */
  urlRejection?: string;
  private dragDepth = 0;

  constructor(private readonly host: InputHost) {
    host.addController(this);
    host.addEventListener('dragenter', this.onDragEnter);
    host.addEventListener('dragover', this.onDragOver);
    host.addEventListener('dragleave', this.onDragLeave);
    host.addEventListener('drop', this.onDrop);
    host.addEventListener('paste', this.onPaste);
  }

  hostDisconnected(): void {
    this.dragDepth = 0;
    this.host.toggleAttribute('dragging', false);
  }

  /** Every user input starts afresh: reasons for earlier refusals are dismissed. */
  private dismissRejections(): void {
    for (const item of this.host.items) if (item.status === 'rejected') this.host.remove(item.id);
    this.urlRejection = undefined;
  }

  /** Adds what one user action brought; `fresh` is false for the later batches of the same drop. */
  private take(files: File[], links: string[], fresh = true): boolean {
    if (files.length === 0 && links.length === 0) return false;
    if (fresh) this.dismissRejections();
    if (files.length > 0) this.host.addFiles(files);
    for (const link of this.host.multiple ? links : links.slice(0, 1)) this.host.importUrl(link);
    return true;
  }

  /**
   * Folders are walked after the drop, their files added a batch per task. With `multiple` off everything is added
   * at once, so that the first file is taken and the others refused as for any drop of several files.
   */
  private async takeWithFolders(files: File[], links: string[], folders: FileSystemDirectoryEntry[]): Promise<void> {
    if (!this.host.multiple) {
      for await (const batch of filesInFolders(folders)) files.push(...batch);
      this.take(files, links);
      return;
    }
    let fresh = !this.take(files, links);
    for await (const batch of filesInFolders(folders)) {
      if (this.take(batch, [], fresh)) fresh = false;
      await nextTask();
    }
  }

  private readonly onDragEnter = (event: DragEvent) => {
    if (!carriesUploadable(event.dataTransfer)) return;
    event.preventDefault();
    this.dragDepth++;
    if (!this.host.inputDisabled) this.setDragging(true);
  };

  private readonly onDragOver = (event: DragEvent) => {
    if (!carriesUploadable(event.dataTransfer)) return;
    // Without preventDefault the browser would open a dropped file in place of the page.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.host.inputDisabled ? 'none' : 'copy';
  };

  private readonly onDragLeave = () => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.setDragging(false);
  };

  private readonly onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragDepth = 0;
    this.setDragging(false);
    if (this.host.inputDisabled) return;
    const { files, links, folders } = readTransfer(event.dataTransfer);
    if (folders.length === 0) this.take(files, links);
    else void this.takeWithFolders(files, links, folders);
  };

  private setDragging(on: boolean): void {
    if (this.host.hasAttribute('dragging') === on) return;
    this.host.toggleAttribute('dragging', on);
    this.host.requestUpdate();
  }

  private readonly onPaste = (event: ClipboardEvent) => {
    if (this.host.inputDisabled) return;
    const { files, links } = readTransfer(event.clipboardData);
    const target = event.composedPath()[0];
    // Text pasted into a text field is for that field.
    const intoField = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    if (files.length === 0 && (intoField || links.length === 0)) return;
    event.preventDefault();
    this.take(files, links);
  };

  /** The file input's `change`. */
  readonly onPicked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // Picking the same file again must fire `change` again.
    input.value = '';
    this.take(files, []);
    this.onPickerClosed();
  };

  /** Safari and WebKit do not focus a clicked button: once the file dialog closes, focus would be nowhere. */
  readonly onPickerClosed = () => {
    if (!document.activeElement || document.activeElement === document.body) this.host.focus();
  };

  readonly onUrlKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    this.importFromField();
  };

  /** The Import button, or Enter in the link field. */
  readonly importFromField = () => {
    const field = this.host.renderRoot.querySelector<HTMLInputElement>('#url');
    if (!field || this.host.inputDisabled) return;
    const value = field.value.trim();
    if (value === '') {
      field.focus();
      return;
    }
    this.dismissRejections();
    const item = this.host.importUrl(value);
    if (item.status === 'rejected') this.urlRejection = item.id;
    else field.value = '';
    this.host.requestUpdate();
  };
}
