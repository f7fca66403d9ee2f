/** What the lifecycle tests share: elements pointed at the stand-in, and the story of each item's events. */
import { waitUntil } from '../helpers/wait.js';
import '../../src/wistia-uploader.js';
import { EventName, type WistiaUploader } from '../../src/wistia-uploader.js';
import { standin, type ScriptedAnswer } from '../helpers/standin.js';

/** A `<wistia-uploader>` pointed at the stand-in, not yet on the page. */
export function createElement(): WistiaUploader {
  const el = document.createElement('wistia-uploader');
  el.multiple = true;
  el.tokenUrl = '/wistia/token';
  el.uploadUrl = '/wistia/upload/';
  el.s3CopyUrl = '/wistia/upload/s3_copy';
  el.apiUrl = '/wistia/api';
  return el;
}

/** A file whose bytes depend on `seed`, so the stand-in's SHA-256 tells files apart. */
export function seededFile(seed: number, size = 64 * 1024, name = `clip-${seed}.mp4`): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17) & 0xff;
  return new File([bytes], name, { type: 'video/mp4' });
}

const TERMINAL = new Set<string>([EventName.uploadSuccess, EventName.uploadError, EventName.uploadCancel]);

/** Every uploader event that reaches `target`, as `{ type, id }`. */
export function listen(target: EventTarget) {
  const seen: { type: string; id?: string }[] = [];
  for (const type of Object.values(EventName)) {
    target.addEventListener(type, (e) => seen.push({ type, id: (e as CustomEvent).detail?.item?.id }));
  }
  return {
    seen,
    terminal: () => seen.filter((e) => TERMINAL.has(e.type)),
    until: (type: string, count = 1) =>
      waitUntil(() => seen.filter((e) => e.type === type).length >= count, `no ${count} × ${type}`),
  };
}

/** Drops files on the element's drop zone, as a file manager does. */
export function drop(el: WistiaUploader, files: File[]): void {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  const zone = el.shadowRoot!.querySelector('[part~="dropzone"]')!;
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, composed: true, cancelable: true }));
  }
}

/** Whether leaving the page now would ask for confirmation. */
export function leavingAsks(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

/** The text of the element's rendered list, shadow root included. */
export const shownText = (el: WistiaUploader) => el.shadowRoot!.textContent ?? '';

/**
 * A fresh stand-in and an empty container on the page for each test, removed after it; `uploads` scripts the
 * stand-in's answers to uploads (e.g. a slow reader, so uploads are still running while a test acts).
 */
export function usePageHost(uploads: ScriptedAnswer[] = []): () => HTMLElement {
  let host: HTMLElement;
  beforeEach(async () => {
    await standin.reset();
    if (uploads.length > 0) await standin.script('upload', uploads);
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());
  return () => host;
}
