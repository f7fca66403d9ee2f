import type { ReactiveControllerHost } from 'lit';
import { formatBytes } from '../core/format.js';
import { describeError } from '../core/error-text.js';
import type { UploadItem } from '../core/types.js';
import { languageOf, loadMessages, watchLanguage } from './locale.js';
import { englishMessages, type Messages } from './messages.js';

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
  /** In force since the latest render. */
  text: Messages = englishMessages;
  /** The locale of numbers and sizes (the rows make their formats of it). */
  locale = 'en';
  #language = englishMessages;
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

  /** Before each render: the app's overrides apply on top of the language. */
  refresh(overrides: Partial<Messages> | undefined): void {
    this.text = overrides ? { ...this.#language, ...overrides } : this.#language;
  }

  /** Loads the messages of the `lang` now in force; a slower earlier load cannot win. */
  reload(): void {
    const lang = languageOf(this.#host);
    const request = ++this.#request;
    void loadMessages(lang).then((messages) => {
      const locale = intlLocale(lang);
      if (request !== this.#request || (messages === this.#language && locale === this.locale)) return;
      this.#language = messages;
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

  /** Why an item was refused or failed, in the UI's language; the server's own words when it sent some. */
  errorText(item: UploadItem): string {
    const error = item.error;
    if (!error) return '';
    if (!error.reason) return error.message;
    const text = describeError(error.reason, error.values, this.text, this.locale);
    // A refusal without words of its own names the answer: the status is what a developer looks up.
    return (error.status ?? 0) >= 400 && /^error(TokenFailed|WistiaRejected)$/.test(error.reason)
      ? `${text} (HTTP ${error.status})`
      : text;
  }
}
