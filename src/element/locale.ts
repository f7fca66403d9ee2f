import { importBesideScript } from './beside-script.js';
import type { Messages } from './messages.js';

/** The script-tag build (see `beside-script.ts`). */
const scriptTag = typeof WISTIA_UPLOADER_SCRIPT_TAG !== 'undefined' && WISTIA_UPLOADER_SCRIPT_TAG;

type LocaleModule = Promise<{ default: Messages }>;

/** The languages with a locale module besides English (its keys are checked against this list). */
const LANGUAGES = ['es', 'fr', 'de', 'pt', 'ja'] as const;

/** The script-tag file loads each from `locales/<lang>.js` beside itself. */
const besideScript = (lang: string) => (): LocaleModule => importBesideScript(`locales/${lang}.js`);

/** Locale modules, loaded only when a page asks for their language: one lazy `import()` each, for app bundlers. */
const loaders: Record<(typeof LANGUAGES)[number], () => LocaleModule> = scriptTag
  ? (Object.fromEntries(LANGUAGES.map((lang) => [lang, besideScript(lang)])) as typeof loaders)
  : {
      es: () => import('../locales/es.js'),
      fr: () => import('../locales/fr.js'),
      de: () => import('../locales/de.js'),
      pt: () => import('../locales/pt.js'),
      ja: () => import('../locales/ja.js'),
    };

/** English lies under every language (`words.ts`): its own table is empty. */
const english: Partial<Messages> = {};
const loaded = new Map<string, Promise<Partial<Messages>>>([['en', Promise.resolve(english)]]);

/** `pt-BR` → `pt`; languages without a module fall back to English. */
export function supportedLanguage(lang: string): string {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? primary : 'en';
}

/** The messages of a language; none (English) when there is no module for it or it fails to load. */
export function loadMessages(lang: string): Promise<Partial<Messages>> {
  const language = supportedLanguage(lang);
  let messages = loaded.get(language);
  if (!messages) {
    messages = loaders[language as (typeof LANGUAGES)[number]]().then(
      (module) => module.default,
      () => {
        loaded.delete(language);
        return english;
      },
    );
    loaded.set(language, messages);
  }
  return messages;
}

/** The `lang` in force for an element: its own, its nearest ancestor's (across shadow roots), or the document's. */
export function languageOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return element.ownerDocument?.documentElement.lang || 'en';
}

/** One observer for the whole document notices `lang` changes on any ancestor of any uploader. */
const watchers = new Set<() => void>();
let observer: MutationObserver | undefined;

export function watchLanguage(onChange: () => void): () => void {
  watchers.add(onChange);
  // Asked for by elements in a page only, where there is a document to observe.
  if (!observer) {
    observer = new MutationObserver(() => watchers.forEach((notify) => notify()));
    observer.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    watchers.delete(onChange);
    if (watchers.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
