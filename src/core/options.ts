import type { UploaderOptions } from './types.js';
import { WistiaDefaults } from './wistia-defaults.js';

/**
 * Every option of the engine, written once: its default and what a readable value is. The element builds its
 * attributes from this table, and the core refuses anything else with a `TypeError` naming the option.
 */
interface Rule<T> {
  /** Left out (`undefined` or `null`), the option takes this. */
  initial: T;
  readable(value: unknown): boolean;
  /** What a readable value is, for the error or console warning that names an unreadable one. */
  expected: string;
}

const isText = (value: unknown): value is string => typeof value === 'string';

const text = <T extends string | undefined>(initial: T, allowed?: readonly string[]): Rule<T> => ({
  initial,
  readable: (value) => isText(value) && (!allowed || allowed.includes(value)),
  expected: allowed ? `one of ${allowed.map((a) => `"${a}"`).join(', ')}` : 'a string',
});

const endpoint = (initial: string): Rule<string> => ({
  initial,
  readable: (value) => isText(value) && value.trim() !== '',
  expected: 'a URL',
});

/** A whole number from `min` up: `NaN`, `Infinity` and fractions of a retry or a slot mean nothing. */
const whole = (initial: number, min: number): Rule<number> => ({
  initial,
  readable: (value) => Number.isSafeInteger(value) && (value as number) >= min,
  expected: `a whole number of at least ${min}`,
});

/** Bytes or milliseconds: any finite number from 0 up. */
const amount = (initial: number): Rule<number> => ({
  initial,
  readable: (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  expected: 'a finite number of at least 0',
});

const flag = (): Rule<boolean> => ({
  initial: false,
  readable: (v) => typeof v === 'boolean',
  expected: 'true or false',
});

const callback = (): Rule<undefined> => ({
  initial: undefined,
  readable: (value) => typeof value === 'function',
  expected: 'a function',
});

export const OPTION_RULES = {
  tokenUrl: text(undefined),
  tokenCredentials: text<RequestCredentials>('same-origin', ['omit', 'same-origin', 'include']),
  getToken: callback(),
  uploadUrl: endpoint(WistiaDefaults.uploadUrl),
  s3CopyUrl: endpoint(WistiaDefaults.s3CopyUrl),
  apiUrl: endpoint(WistiaDefaults.apiUrl),
  projectId: text(undefined),
  contactId: text(undefined),
  description: text(undefined),
  accept: text('video/*'),
  maxFileSize: amount(0),
  maxFiles: whole(0, 0),
  multiple: flag(),
  concurrency: whole(2, 1),
  retries: whole(3, 0),
  stallTimeout: amount(30_000),
  manual: flag(),
  waitForReady: flag(),
  resumable: flag(),
  beforeUpload: callback(),
} satisfies { [K in keyof Required<UploaderOptions>]: Rule<unknown> };

type Rules = typeof OPTION_RULES;
/** The options that have a default, and their types. */
export type Defaulted = {
  [K in keyof Rules as Rules[K]['initial'] extends undefined ? never : K]: Rules[K]['initial'];
};

/** Defaults of every option that has one, matching the element's attribute defaults. */
export const DEFAULT_OPTIONS = Object.fromEntries(
  Object.entries(OPTION_RULES)
    .filter(([, rule]) => rule.initial !== undefined)
    .map(([key, rule]) => [key, rule.initial]),
) as Defaulted;

/** Whether `value` is one the option can use; left out (`undefined`, `null`) always is. */
export function isReadable(key: keyof Rules, value: unknown): boolean {
  return value === undefined || value === null || OPTION_RULES[key].readable(value);
}

/** Refuses an option value the engine cannot use, naming the option and what it expects; unknown keys pass. */
export function checkOptions(options: Partial<UploaderOptions>): void {
  for (const [key, value] of Object.entries(options)) {
    if (!(key in OPTION_RULES) || isReadable(key as keyof Rules, value)) continue;
    const shown =
      typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : typeof value;
    throw new TypeError(
      `wistia-uploader: the option ${key} cannot be ${shown}; expected ${OPTION_RULES[key as keyof Rules].expected}.`,
    );
  }
}
