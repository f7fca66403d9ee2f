/** Announcements made in one frame are read together; past this many, the rest are counted, not read. */
const MAX_READ = 3;

/**
 * Feeds a visually hidden `aria-live="polite"` region. Messages that arrive together (a drop of many files)
 * are joined and capped, so a screen reader is not flooded.
 */
export class Announcer {
  private pending: Array<string | (() => string)> = [];
  private timer?: ReturnType<typeof setTimeout>;
  private last = '';

  constructor(
    private readonly region: () => HTMLElement | null | undefined,
    private readonly more: (count: number) => string,
  ) {}

  /** A function is read when the announcement is made, once whatever caused it has settled. */
  say(text: string | (() => string)): void {
    this.pending.push(text);
    // A macrotask, not a microtask: everything one user action caused is read as one announcement.
    this.timer ??= setTimeout(() => this.flush(), 0);
  }

  /** Drops what was not read yet: the element left the page, and nobody hears its region. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private flush(): void {
    this.timer = undefined;
    const region = this.region();
    const messages = this.pending.map((text) => (typeof text === 'function' ? text() : text));
    this.pending = [];
    if (!region || messages.length === 0) return;
    const read = messages.slice(0, MAX_READ);
    if (messages.length > MAX_READ) read.push(this.more(messages.length - MAX_READ));
    let text = read.join('. ');
    // The same words twice in a row are not re-read unless the text changes.
    if (text === this.last) text += '\u00a0';
    this.last = text;
    region.textContent = text;
  }
}
