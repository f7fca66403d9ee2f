import { formatBytes } from './format.js';
import type { UploadError } from './types.js';

/**
 * The sentences that explain why input was refused before it was listed: the first-load file words them. Those
 * of failures while sending are in `failure-text.ts`, which comes with the engine; together they make one table,
 * `ErrorMessages`, of which the core's default `UploadError.message` and the element's error texts both come.
 * `{placeholders}` are filled from `UploadError.values`.
 */
export interface RefusalMessages {
  /** `{accept}`: the `accept` option. */
  errorRejectedType: string;
  /** `{max}`: `max-file-size`, formatted. */
  errorRejectedSize: string;
  errorRejectedEmpty: string;
  /** `{max}`: `max-files`. */
  errorRejectedCount: string;
  /** Several files came at once where only one may (`multiple` is off). */
  errorRejectedSingle: string;
  /** `{max}`: more files came in one pick, drop or paste than it may carry. */
  errorRejectedAtOnce: string;
  /** A link whose path does not end in a media extension. */
  errorInvalidUrl: string;
  /** Not a link at all. */
  errorUrlMalformed: string;
  /** `s3://` without a valid bucket or key. */
  errorS3Malformed: string;
  /** A link that is not http(s), or carries a user name or password. */
  errorInsecureUrl: string;
}

/** What the engine says of an item it was given: the app refused it, or something went wrong on its way. */
export interface FailureMessages {
  /** `beforeUpload` answered `false`. */
  errorRejectedByApp: string;
  /** `insecure_url` for an `upload-url`, `s3-copy-url` or `api-url` that is not https. */
  errorInsecureEndpoint: string;
  errorTokenFailed: string;
  /** Neither `token-url` nor `getToken` is set: a page set-up mistake. */
  errorNoTokenSource: string;
  errorUnauthorized: string;
  errorWistiaRejected: string;
  errorServer: string;
  /** 429: Wistia asked to slow down. */
  errorServerBusy: string;
  /** The upload relay refused to go on with a resumable upload several times in a row. */
  errorRelayRefused: string;
  errorNetwork: string;
  errorStalled: string;
  /** The whole file was sent but Wistia did not answer within the limit. */
  errorNoAnswer: string;
  errorInvalidResponse: string;
  errorProcessingFailed: string;
  /** `processing_unknown`: the video is uploaded, but its processing status cannot be read. */
  errorProcessingUnknown: string;
  /** Something in the page or in this library broke: not a connection problem, and not retried. */
  errorInternal: string;
}

/** Every sentence that explains an error, in one table. */
export interface ErrorMessages extends RefusalMessages, FailureMessages {}

/** Which sentence explains an error: a key of the table. */
export type ErrorReason = keyof ErrorMessages;

/** Values named by the sentences: `max` and `accept` where a limit applies. */
export interface ErrorValues {
  max?: number;
  accept?: string;
}

/** English, built in. */
export const englishRefusals: RefusalMessages = {
  errorRejectedType: 'This type of file is not accepted (accepted: {accept}).',
  errorRejectedSize: 'This file is larger than {max}.',
  errorRejectedEmpty: 'This file is empty.',
  errorRejectedCount: 'No more than {max} files can be added.',
  errorRejectedSingle: 'Only one file can be added at a time.',
  errorRejectedAtOnce: 'No more than {max} files can be added at once.',
  errorInvalidUrl: 'This is not a link to a video or audio file, such as .mp4 or .mov.',
  errorUrlMalformed: 'This is not a valid link.',
  errorS3Malformed: 'An S3 link looks like s3://bucket/path/to/video.mp4.',
  errorInsecureUrl: 'Only https and http links without a password can be imported.',
};

/** Fills `{placeholders}`; unknown ones stay as they are so a typo in an override is visible, not silent. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The sentence for `reason` in `table`, its values filled; sizes through `Intl` in the table's `locale`. */
export function describeIn<R extends ErrorReason>(
  table: Record<R, string>,
  reason: R,
  values: ErrorValues = {},
  locale = 'en',
): string {
  const max =
    values.max === undefined ? '' : reason === 'errorRejectedSize' ? formatBytes(locale, values.max) : values.max;
  return fill(table[reason], { accept: values.accept ?? '', max });
}

/** Errors worded from `table`: `message` is its English sentence, `reason` lets a UI word it again. */
export const errorsFrom =
  <R extends ErrorReason>(table: Record<R, string>) =>
  (code: UploadError['code'], reason: R, retryable: boolean, values?: ErrorValues, status?: number): UploadError => ({
    code,
    message: describeIn(table, reason, values),
    retryable,
    reason,
    ...(values ? { values } : {}),
    ...(status !== undefined ? { status } : {}),
  });

/** A refusal, worded in English. */
export const tableError = errorsFrom(englishRefusals);
