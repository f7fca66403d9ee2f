import type { ReactiveControllerHost } from 'lit';
import type { MediaFields, UploadItem } from '../core/types.js';
import type { FolderPiece } from './piece-loader.js';
import { carriesUploadable, readTransfer } from './transfer-reading.js';

/** What the input needs of the element. */
export interface InputHost extends ReactiveControllerHost, HTMLElement {
  readonly multiple: boolean;
  readonly inputDisabled: boolean;
  readonly items: readonly UploadItem[];
  readonly renderRoot: ParentNode;
  addFiles(files: Iterable<File>): UploadItem[];
  importUrl(url: string, fields?: MediaFields): UploadItem;
  removeItems(ids: readonly string[]): void;
}

/** The controls of the shadow tree that take input; the element hands their events on. */
export interface UserInput {
  /** The link field's latest refusal, described beside the field. */
  urlRejection?: string;
  /** The file input's `change`. */
  picked(input: HTMLInputElement): void;
  /** Safari and WebKit do not focus a clicked button: once the file dialog closes, focus would be nowhere. */
  pickerClosed(): void;
  /** Enter in the link field imports it. */
  keydown(event: KeyboardEvent): void;
  /** The Import button. */
  importLink(): void;
}

/** A macrotask: lets the page draw and answer between batches of a large folder. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The ways files and links come in: the picker, drag and drop (folders too), paste, and the link field.
 * `expectFiles` is called when a drag of files begins; `walker` brings what walks dropped folders.
 */
export function userInput(host: InputHost, expectFiles: () => void, walker: () => Promise<FolderPiece>): UserInput {
  let dragDepth = 0;

  /** Every user input starts afresh: reasons for earlier refusals are dismissed. */
  const dismissRejections = () => {
    host.removeItems(host.items.filter((item) => item.status === 'rejected').map((item) => item.id));
    input.urlRejection = undefined;
  };

  /** Adds what one user action brought; `fresh` is false for the later batches of the same drop. */
  const take = (files: File[], links: string[], fresh = true): boolean => {
    if (files.length === 0 && links.length === 0) return false;
    if (fresh) dismissRejections();
    if (files.length > 0) host.addFiles(files);
    for (const link of host.multiple ? links : links.slice(0, 1)) host.importUrl(link);
    return true;
  };

  /**
   * Folders are walked after the drop, their files added a batch per task. With `multiple` off everything is added
   * at once, so that the first file is taken and the others refused as for any drop of several files.
   */
  const takeWithFolders = async (files: File[], links: string[], folders: FileSystemDirectoryEntry[]) => {
    const { filesInFolders } = await walker();
    if (!host.multiple) {
      for await (const batch of filesInFolders(folders)) files.push(...batch);
      take(files, links);
      return;
    }
    let fresh = !take(files, links);
    for await (const batch of filesInFolders(folders)) {
      if (take(batch, [], fresh)) fresh = false;
      await nextTask();
    }
  };

  const setDragging = (on: boolean) => {
    if (host.hasAttribute('dragging') === on) return;
    host.toggleAttribute('dragging', on);
    host.requestUpdate();
    if (on) expectFiles();
  };

  const listeners = {
    dragenter(event: DragEvent) {
      if (!carriesUploadable(event.dataTransfer)) return;
      event.preventDefault();
      dragDepth++;
      if (!host.inputDisabled) setDragging(true);
    },
    dragover(event: DragEvent) {
      if (!carriesUploadable(event.dataTransfer)) return;
      // Without preventDefault the browser would open a dropped file in place of the page.
      event.preventDefault();
      event.dataTransfer!.dropEffect = host.inputDisabled ? 'none' : 'copy';
    },
    dragleave() {
      dragDepth = Math.max(0, dragDepth - 1);
      if (dragDepth === 0) setDragging(false);
    },
    drop(event: DragEvent) {
      event.preventDefault();
      dragDepth = 0;
      setDragging(false);
      if (host.inputDisabled) return;
      const { files, links, folders } = readTransfer(event.dataTransfer);
      if (folders.length === 0) take(files, links);
      else void takeWithFolders(files, links, folders);
    },
    paste(event: ClipboardEvent) {
      if (host.inputDisabled) return;
      const { files, links } = readTransfer(event.clipboardData);
      const target = event.composedPath()[0];
      // Text pasted into a text field is for that field.
      const intoField = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
      if (files.length === 0 && (intoField || links.length === 0)) return;
      event.preventDefault();
      take(files, links);
    },
  };
  for (const [type, listener] of Object.entries(listeners)) host.addEventListener(type, listener as EventListener);
  host.addController({
    hostDisconnected() {
      dragDepth = 0;
      host.toggleAttribute('dragging', false);
    },
  });

  const input: UserInput = {
    picked(field) {
      const files = Array.from(field.files ?? []);
      // Picking the same file again must fire `change` again.
      field.value = '';
      take(files, []);
      input.pickerClosed();
    },
    pickerClosed() {
      if (!document.activeElement || document.activeElement === document.body) host.focus();
    },
    keydown(event) {
      if (event.key !== 'Enter' || event.isComposing || (event.target as Element).id !== 'url') return;
      event.preventDefault();
      input.importLink();
    },
    importLink() {
      const field = host.renderRoot.querySelector<HTMLInputElement>('#url');
      if (!field || host.inputDisabled) return;
      const value = field.value.trim();
      if (value === '') {
        field.focus();
        return;
      }
      dismissRejections();
      const item = host.importUrl(value);
      if (item.status === 'rejected') input.urlRejection = item.id;
      else field.value = '';
      host.requestUpdate();
    },
  };
  return input;
}
