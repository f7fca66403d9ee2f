/**
 * Every option of `<wistia-uploader>`, written once: the Lit properties, attribute names, defaults, the options
 * handed to the core and (through custom-elements-manifest.config.mjs, which reads this file) the manifest's docs.
 */
import type { PropertyDeclaration } from 'lit';
import type { BeforeUploadResult, TokenGrant, TokenRequest, UploaderOptions, UploadItem } from '../core/types.js';
import { DEFAULT_OPTIONS } from '../core/defaults.js';
import type { Messages } from './messages.js';
import { parseCount, parseSize, readableAccept, warnUnreadable } from './attribute-values.js';

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

/**
 * A string option; `allowed` lists its only valid values (anything else means the default, with a warning for an
 * attribute), and `read` checks the attribute's text otherwise.
 */
function text<T extends string = string>(
  initial: NoInfer<T>,
  core?: boolean,
  allowed?: readonly T[],
  read?: Pick<Option<T>, 'read' | 'expected'>,
): Option<T>;
function text<T extends string = string>(
  initial?: undefined,
  core?: boolean,
  allowed?: readonly T[],
): Option<T | undefined>;
function text<T extends string>(
  initial?: T,
  core = false,
  allowed?: readonly T[],
  read?: Pick<Option<T>, 'read' | 'expected'>,
): Option<T> {
  return {
    initial,
    core: core ? (value) => (value == null || (allowed && !allowed.includes(value)) ? initial! : value) : undefined,
    ...(allowed
      ? { read: (value: string) => allowed.find((one) => one === value), expected: allowed.join(', ') }
      : read),
  };
}

/** An endpoint: empty means the default, as the attribute would be left out. */
const url = (initial: string): Option<string> => ({
  initial,
  core: (value) => value || initial,
});

/** A number option: one that does not parse, or is under `min`, means its default. */
const number = (
  initial: number,
  min = 0,
  read = parseCount(min),
  expected = `a whole number of at least ${min}`,
): Option<number> => ({
  type: Number,
  initial,
  read,
  expected,
  core: (value) => (Number.isFinite(value) && value >= min ? value : initial),
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

const d = DEFAULT_OPTIONS;

export const OPTIONS = {
  /** Backend endpoint that returns a short-lived upload token. Required unless `getToken` is set. */
  tokenUrl: text(undefined, true),
  /** `fetch` credentials mode of the token request: `omit`, `same-origin` or `include`. */
  tokenCredentials: text<RequestCredentials>(d.tokenCredentials, true, ['omit', 'same-origin', 'include']),
  /** Wistia Upload API. Must be https (http only for localhost); otherwise items fail with `insecure_url`. */
  uploadUrl: url(d.uploadUrl),
  /** Wistia S3 Copy endpoint. Same https rule as `uploadUrl`. */
  s3CopyUrl: url(d.s3CopyUrl),
  /** Wistia Data API root, used only for `wait-for-ready`. Same https rule as `uploadUrl`. */
  apiUrl: url(d.apiUrl),
  /** Hashed id of the project to upload into; omitted, Wistia creates `Uploads_YYYY-MM-DD`. */
  projectId: text(undefined, true),
  /** Wistia contact id (an integer as text). */
  contactId: text(undefined, true),
  /** Default description of every media. */
  description: text(undefined, true),
  /** Accepted files, as in `<input type=file accept>`: MIME types, `type/*`, `.ext`; empty accepts all. */
  accept: text(d.accept, true, undefined, {
    read: readableAccept,
    expected: 'MIME types, type/* or .ext, separated by commas',
  }),
  /** Largest file: bytes, or a number with a unit (`500MB`, `2 GB`, `1.5GiB`); 0 means no limit. */
  maxFileSize: number(d.maxFileSize, 0, parseSize, 'bytes, or a number with a unit such as 500MB, 2 GB or 1.5GiB'),
  /** Most items in the list at once; 0 means no limit. */
  maxFiles: number(d.maxFiles),
  /** Allow more than one file per pick, drop or paste; when off, the first is taken and the rest refused (`rejected_count`). */
  multiple: flag(true),
  /** Passed to the file input (`user` or `environment`): phones offer to record a video. Unset: the input has no `capture`. */
  capture: text<'user' | 'environment'>(undefined, false, ['user', 'environment']),
  /** Uploads in flight at once. */
  concurrency: number(d.concurrency, 1),
  /** Automatic retries of a transient failure. */
  retries: number(d.retries),
  /** Milliseconds without upload progress, while the body is being sent, before an attempt is aborted and retried. */
  stallTimeout: number(d.stallTimeout),
  /** Queue items without sending them until `start()`, so names and descriptions can be edited first. */
  manual: flag(true),
  /** After upload, poll Wistia until the media is ready (`wistia-media-ready`) or failed. */
  waitForReady: flag(true),
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
