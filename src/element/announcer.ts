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
