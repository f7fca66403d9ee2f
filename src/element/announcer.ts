import {
  FileRejectEvent,
  MediaReadyEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from '../core/events.js';
import { fill } from './messages.js';
import type { Words } from './words.js';
import { errorText } from './error-words.js';

/** Announcements made in one frame are read together; past this many, the rest are counted, not read. */
const MAX_READ = 3;

export interface Announcer {
  /** A function is read when the announcement is made, once whatever caused it has settled. */
  say(text: () => string): void;
  /** Drops what was not read yet: the element left the page, and nobody hears its region. */
  stop(): void;
}

/**
 * Feeds a visually hidden `aria-live="polite"` region. Messages that arrive together (a drop of many files)
 * are joined and capped, so a screen reader is not flooded.
 */
export function announcer(region: () => HTMLElement | null | undefined, more: (count: number) => string): Announcer {
  let pending: (() => string)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = [];
  };
  const flush = () => {
    // Only what is read is worded: a reset of thousands of items would otherwise word each of them in one task.
    const count = pending.length;
    const read = pending.slice(0, MAX_READ).map((text) => text());
    const target = region();
    stop();
    if (!target || count === 0) return;
    if (count > MAX_READ) read.push(more(count - MAX_READ));
    // Joined into sentences without doubling the stop a message already ends with ("empty.." reads badly).
    let text = read
      .map((message, i) => (i < read.length - 1 && !/[.!?。]$/.test(message) ? `${message}.` : message))
      .join(' ');
    // The same words twice in a row are not re-read unless the text changes.
    if (text === last) text += '\u00a0';
    last = text;
    target.textContent = text;
  };
  return {
    say(text) {
      pending.push(text);
      // A macrotask, not a microtask: everything one user action caused is read as one announcement.
      timer ??= setTimeout(flush, 0);
    },
    stop,
  };
}

/** The core's events read out in the region of `host`: what a person needs to hear, never progress. */
export interface Announcements {
  tell(event: Event): void;
  stop(): void;
}

export function announceEvents(host: { readonly renderRoot?: ParentNode }, words: Words): Announcements {
  const { say, stop } = announcer(
    () => host.renderRoot?.querySelector<HTMLElement>('.announcer'),
    (count) => fill(words.text.announceMore, { count }),
  );
  const tell = (event: Event) => {
    const item = (event as UploadStartEvent).detail.item;
    const read = (template: string, reason = false) =>
      // Read when announced: while `addFiles` runs, the element has not drawn the refusal yet.
      say(() => fill(template, { name: item.name, reason: reason ? errorText(words, item) : '' }));
    const m = words.text;
    if (event instanceof UploadStartEvent) read(m.announceStart);
    else if (event instanceof FileRejectEvent) read(m.announceReject, true);
    else if (event instanceof UploadSuccessEvent) read(m.announceSuccess);
    else if (event instanceof MediaReadyEvent) read(m.announceReady);
    else if (event instanceof UploadErrorEvent) read(m.announceError, true);
    else if (event instanceof UploadCancelEvent) read(m.announceCancel);
  };
  return { tell, stop };
}
