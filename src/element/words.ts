import type { ReactiveControllerHost } from 'lit';
import { formatBytes } from '../core/format.js';
import { languageOf, loadMessages, watchLanguage } from './locale.js';
import { englishBeforeFiles, type Messages, type RowMessages } from './messages.js';
import { uploadPiece } from './piece-loader.js';

/** A `lang` that `Intl` cannot read falls back to English rather than throwing while rendering. */
function intlLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** The element's words and number formats: the language `lang` asks for, with the app's `messages` on top. */
export class Words {
  /** The app's overrides as of the latest render. */
  #overrides?: Partial<Messages>;
  #text?: Messages;
  /** The rows' English the text was made with: the upload piece brings it. */
  #rows?: RowMessages;
  /** The locale of numbers and sizes (the rows make their formats of it). */
  locale = 'en';
  #language: Partial<Messages> = {};
  #request = 0;
  readonly #host: ReactiveControllerHost & Element;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    let stopWatching: () => void;
    host.addController({
      hostConnected: () => {
        stopWatching = watchLanguage(() => this.reload());
        this.reload();
      },
      hostDisconnected: () => stopWatching(),
    });
  }

  /**
   * The words in force: the language and the app's overrides over English. Nothing reads the rows' words before the
   * upload piece brings them with the rows (and the announcer), so they join the English when it is here.
   */
  get text(): Messages {
    const rows = uploadPiece.here?.englishForRows;
    if (!this.#text || rows !== this.#rows) {
      this.#rows = rows;
      this.#text = { ...englishBeforeFiles, ...rows, ...this.#language, ...this.#overrides } as Messages;
    }
    return this.#text;
  }

  /** Before each render: the app's overrides apply on top of the language. */
  refresh(overrides: Partial<Messages> | undefined): void {
    this.#overrides = overrides;
    this.#text = undefined;
  }

  /** Loads the messages of the `lang` now in force; a slower earlier load cannot win. */
  reload(): void {
    const lang = languageOf(this.#host);
    const request = ++this.#request;
    void loadMessages(lang).then((messages) => {
      const locale = intlLocale(lang);
      if (request !== this.#request || (messages === this.#language && locale === this.locale)) return;
      this.#language = messages;
      this.#text = undefined;
      this.locale = locale;
      // Redrawn only for a change: an English page draws once.
      this.#host.requestUpdate();
    });
  }

  /**
   * Files are on their way (the picker is open, a drag is under way): the first number format of a page loads the
   * locale data, about 30 ms in Chromium, better spent now than when the first row is drawn.
   */
  expectFiles(): void {
    setTimeout(() => this.size(0));
  }

  /** A size in bytes, in the locale in force. */
  size(bytes: number): string {
    return formatBytes(this.locale, bytes);
  }
}
