/**
 * Every option of `<wistia-uploader>`, written once: the Lit properties, attribute names, defaults, the options
 * handed to the core and (through custom-elements-manifest.config.mjs, which reads this file) the manifest's docs.
 */
import type { PropertyDeclaration } from 'lit';
import type { BeforeUploadResult, TokenGrant, TokenRequest, UploaderOptions, UploadItem } from '../core/types.js';
import { OPTION_RULES } from '../core/options.js';
import type { Messages } from './messages.js';
import { parseSize, readableAccept, warnUnreadable } from './attribute-values.js';

/** One option: how Lit reads it from its attribute, its default, and how the core gets it. */
interface Option<T> extends PropertyDeclaration {
  /** Set in the constructor; absent means `undefined`. */
  initial?: T;
  /** Handed to the core, first made valid: a value the core cannot use becomes the default. */
  core?: (value: T) => T;
  /** Reads the attribute's text; undefined means it cannot be read: the default applies, with a warning. */
  read?: (text: string) => T | undefined;
  /** What `read` takes, named in that warning. */
  expected?: string;
}

type Rule<T> = { initial: T; readable(value: unknown): boolean; expected?: string };

/** What the core is handed: the value when the core can read it, else the default (the core would refuse it). */
const readableOr =
  <T>(rule: Rule<T>) =>
  (value: T): T =>
    rule.readable(value) ? value : rule.initial;

/** How an attribute's text is read: by the core's rule, unless the option reads it its own way (`own`). */
function attributeReading<T>(rule: Rule<T> | undefined, own?: Pick<Option<T>, 'read' | 'expected'>) {
  if (own) return own;
  if (!rule?.expected) return {};
  return { read: (text: string) => (rule.readable(text) ? (text as T) : undefined), expected: rule.expected };
}

/** A string option the core reads (`rule`), or one only the element uses; `own` reads its attribute otherwise. */
function text<T extends string = string>(rule: Rule<NoInfer<T>>, own?: Pick<Option<T>, 'read' | 'expected'>): Option<T>;
function text<T extends string = string>(
  rule?: Rule<undefined>,
  own?: Pick<Option<T | undefined>, 'read' | 'expected'>,
): Option<T | undefined>;
function text<T extends string>(rule?: Rule<T>, own?: Pick<Option<T>, 'read' | 'expected'>): Option<T> {
  return { initial: rule?.initial as T, core: rule && readableOr(rule), ...attributeReading(rule, own) };
}

/** Only these values in the attribute; anything else is warned about. */
const oneOf = <T extends string>(allowed: readonly T[]) => ({
  read: (value: string) => allowed.find((one) => one === value),
  expected: allowed.join(', '),
});

/** An endpoint: empty means the default, as the attribute would be left out. */
const url = (rule: Rule<string>): Option<string> => ({ initial: rule.initial, core: readableOr(rule) });

/**
 * A number option: one the core cannot read (`abc`, `-1`, `2.5` retries) means its default; its attribute is read as
 * a number, or by `read` (sizes with units), and an unreadable one warned about.
 */
const number = (
  rule: Rule<number>,
  read?: (text: string) => number | undefined,
  expected?: string,
): Option<number> => ({
  type: Number,
  initial: rule.initial,
  core: readableOr(rule),
  read:
    read ??
    ((text: string) => {
      const value = text.trim() === '' ? NaN : Number(text);
      return rule.readable(value) ? value : undefined;
    }),
  expected: expected ?? rule.expected,
});

const flag = (core = false, reflect = false): Option<boolean> => ({
  type: Boolean,
  initial: false,
  reflect,
  core: core ? (value) => value : undefined,
});

/** Set as a property only: functions and objects have no attribute form. */
const property = <T>(core = false): Option<T | undefined> => ({
  attribute: false,
  core: core ? (value) => value : undefined,
});

const r = OPTION_RULES;

export const OPTIONS = {
  /** Backend endpoint that returns a short-lived upload token. Required unless `getToken` is set. */
  tokenUrl: text(r.tokenUrl),
  /** `fetch` credentials mode of the token request: `omit`, `same-origin` or `include`. */
  tokenCredentials: text<RequestCredentials>(r.tokenCredentials),
  /** Wistia Upload API. Must be https (http only for localhost); otherwise items fail with `insecure_url`. */
  uploadUrl: url(r.uploadUrl),
  /** Wistia S3 Copy endpoint. Same https rule as `uploadUrl`. */
  s3CopyUrl: url(r.s3CopyUrl),
  /** Wistia Data API root, used only for `wait-for-ready`. Same https rule as `uploadUrl`. */
  apiUrl: url(r.apiUrl),
  /** Hashed id of the project to upload into; omitted, Wistia creates `Uploads_YYYY-MM-DD`. */
  projectId: text(r.projectId),
  /** Wistia contact id (an integer as text). */
  contactId: text(r.contactId),
  /** Default description of every media. */
  description: text(r.description),
  /** Accepted files, as in `<input type=file accept>`: MIME types, `type/*`, `.ext`; empty accepts all. */
  accept: text(r.accept, { read: readableAccept, expected: 'MIME types, type/* or .ext, separated by commas' }),
  /** Largest file: bytes, or a number with a unit (`500MB`, `2 GB`, `1.5GiB`); 0 means no limit. */
  maxFileSize: number(r.maxFileSize, parseSize, 'bytes, or a number with a unit such as 500MB, 2 GB or 1.5GiB'),
  /** Most items in the list at once; 0 means no limit. */
  maxFiles: number(r.maxFiles),
  /** Allow more than one file per pick, drop or paste; when off, the first is taken and the rest refused (`rejected_count`). */
  multiple: flag(true),
  /** Passed to the file input (`user` or `environment`): phones offer to record a video. Unset: the input has no `capture`. */
  capture: text<'user' | 'environment'>(undefined, oneOf(['user', 'environment'] as const)),
  /** Uploads in flight at once. */
  concurrency: number(r.concurrency),
  /** Automatic retries of a transient failure. */
  retries: number(r.retries),
  /** Milliseconds without upload progress, while the body is being sent, before an attempt is aborted and retried. */
  stallTimeout: number(r.stallTimeout),
  /** Queue items without sending them until `start()`, so names and descriptions can be edited first. */
  manual: flag(true),
  /** After upload, read the media's status until it is ready (`wistia-media-ready`), failed (`processing_failed`) or cannot be read (`processing_unknown`). */
  waitForReady: flag(true),
  /** Send files to an upload relay with the tus resumable protocol: an interrupted upload goes on from the last byte the relay holds, also after a reload when the same file is added again. Needs `upload-url` pointed at such a relay. */
  resumable: flag(true),
  /** Hide the field for importing a link. */
  noUrl: flag(),
  /** Don't ask the browser to confirm leaving the page while uploads run. */
  noUnloadWarning: flag(),
  /** No input is accepted. Reflected. */
  disabled: flag(false, true),
  /** Form field name of the hashed ids of succeeded uploads. */
  name: text(),
  /** Form validity: at least one upload must succeed. */
  required: flag(),
  /** Replaces `token-url`: returns the token, e.g. after adding a CSRF header to your own request. */
  getToken: property<(req: TokenRequest) => Promise<string | TokenGrant>>(true),
  /** Last chance to set name, description, project or contact of an item, or to refuse it (`false`). */
  beforeUpload: property<(item: UploadItem) => BeforeUploadResult | Promise<BeforeUploadResult>>(true),
  /** Overrides of any UI string, on top of the language chosen by `lang`. */
  messages: property<Partial<Messages>>(),
};

type Options = typeof OPTIONS;

/** The element's option properties and their types, as the table defines them. */
export type OptionValues = {
  [K in keyof Options]: Options[K] extends Option<infer T> ? T : never;
};

const entries = Object.entries(OPTIONS) as [keyof Options, Option<unknown>][];

// Each attribute is its property's name in kebab case (`maxFileSize`: `max-file-size`), unless it has none.
// An attribute that cannot be read keeps the default, and says so once in the console.
for (const [key, option] of entries) {
  const attribute = ((option as { attribute?: string | false }).attribute ??= key.replace(
    /[A-Z]/g,
    (c) => `-${c.toLowerCase()}`,
  ));
  const { read, expected = '', initial } = option;
  if (!read || !attribute) continue;
  (option as { converter: PropertyDeclaration['converter'] }).converter = {
    fromAttribute(value: string | null) {
      if (value === null) return initial;
      const understood = read(value);
      if (understood === undefined) warnUnreadable(attribute, value, expected);
      return understood ?? initial;
    },
  };
}

/** What Lit's `static properties` takes: the table itself (the extra fields are ignored by Lit). */
export const properties: Record<string, PropertyDeclaration> = OPTIONS;

/** The values every option starts with. */
export function setInitialValues(host: OptionValues): void {
  for (const [key, { initial }] of entries) if (initial !== undefined) (host as Record<string, unknown>)[key] = initial;
}

/** The core's options from the element's properties, each made valid. */
export function coreOptions(host: OptionValues): UploaderOptions {
  const options: Record<string, unknown> = {};
  for (const [key, { core }] of entries) if (core) options[key] = core(host[key]);
  return options as UploaderOptions;
}

/** True when a change to one of these properties must reach the core. */
export function touchesCore(changed: ReadonlyMap<PropertyKey, unknown>): boolean {
  return [...changed.keys()].some((key) => (OPTIONS as Record<PropertyKey, Option<unknown>>)[key]?.core);
}
