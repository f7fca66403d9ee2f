import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formattersFor, type Formatters } from '../core/format.js';
import { describeError } from '../core/messages.js';
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
export class Words implements ReactiveController {
  /** In force since the latest render. */
  text: Messages = englishMessages;
  format: Formatters = formattersFor('en');
  private language: Messages = englishMessages;
  private locale = 'en';
  private request = 0;
  private stopWatching?: () => void;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stopWatching = watchLanguage(() => this.reload());
    this.reload();
  }

  hostDisconnected(): void {
    this.stopWatching?.();
  }

  /** Before each render: the app's overrides apply on top of the language. */
  refresh(overrides: Partial<Messages> | undefined): void {
    this.text = overrides ? { ...this.language, ...overrides } : this.language;
    this.format = formattersFor(this.locale);
  }

  /** Loads the messages of the `lang` now in force; a slower earlier load cannot win. */
  reload(): void {
    const lang = languageOf(this.host);
    const request = ++this.request;
    void loadMessages(lang).then((messages) => {
      if (request !== this.request) return;
      this.language = messages;
      this.locale = intlLocale(lang);
      this.host.requestUpdate();
    });
  }

  /** Why an item was refused or failed, in the UI's language; the server's own words when it sent some. */
  errorText(item: UploadItem): string {
    const error = item.error;
    if (!error) return '';
    return error.reason ? describeError(error.reason, error.values, this.text, this.locale) : error.message;
  }
}
