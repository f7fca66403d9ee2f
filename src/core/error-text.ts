import { formatBytes } from './format.js';
import type { UploadError } from './types.js';

/**
 * Every sentence that explains an error, in one table: the core's default `UploadError.message` and the element's
 * error texts both come from it. `{placeholders}` are filled from `UploadError.values`.
 */
export interface ErrorMessages {
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
  /** `beforeUpload` answered `false`. */
  errorRejectedByApp: string;
  /** A link whose path does not end in a media extension. */
  errorInvalidUrl: string;
  /** Not a link at all. */
  errorUrlMalformed: string;
  /** `s3://` without a valid bucket or key. */
  errorS3Malformed: string;
  /** A link that is not http(s), or carries a user name or password. */
  errorInsecureUrl: string;
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

/** Which sentence explains an error: a key of the table. */
export type ErrorReason = keyof ErrorMessages;

/** Values named by the sentences: `max` and `accept` where a limit applies. */
export interface ErrorValues {
  max?: number;
  accept?: string;
}

/** English, built in. */
export const englishErrors: ErrorMessages = {
  errorRejectedType: 'This type of file is not accepted (accepted: {accept}).',
  errorRejectedSize: 'This file is larger than {max}.',
  errorRejectedEmpty: 'This file is empty.',
  errorRejectedCount: 'No more than {max} files can be added.',
  errorRejectedSingle: 'Only one file can be added at a time.',
  errorRejectedAtOnce: 'No more than {max} files can be added at once.',
  errorRejectedByApp: 'This file cannot be uploaded here.',
  errorInvalidUrl: 'This is not a link to a video or audio file, such as .mp4 or .mov.',
  errorUrlMalformed: 'This is not a valid link.',
  errorS3Malformed: 'An S3 link looks like s3://bucket/path/to/video.mp4.',
  errorInsecureUrl: 'Only https and http links without a password can be imported.',
  errorInsecureEndpoint: 'Uploads are switched off: the upload address is not secure (https is required).',
  errorTokenFailed: 'Could not get permission to upload.',
  errorNoTokenSource: 'Uploads are not set up on this page (no token-url).',
  errorUnauthorized: 'Wistia did not accept the upload permission.',
  errorWistiaRejected: 'Wistia refused this file.',
  errorServer: 'Wistia had a problem receiving the file.',
  errorServerBusy: 'Wistia is busy right now.',
  errorRelayRefused:
    'The upload relay kept refusing to go on with this file. Retrying continues from where it stopped.',
  errorNetwork: 'The connection was lost.',
  errorStalled: 'The upload stopped making progress.',
  errorNoAnswer: 'Wistia did not answer after the whole file was sent.',
  errorInvalidResponse: 'Wistia sent an answer that could not be read.',
  errorProcessingFailed: 'Wistia could not process this file.',
  errorProcessingUnknown: 'Uploaded; whether Wistia has finished processing it cannot be checked from this page.',
  errorInternal: 'Something went wrong on this page, so the upload was stopped.',
};

/** Fills `{placeholders}`; unknown ones stay as they are so a typo in an override is visible, not silent. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The sentence for `reason` in `table`, its values filled; sizes through `Intl` in the table's `locale`. */
export function describeError(
  reason: ErrorReason,
  values: ErrorValues = {},
  table: ErrorMessages = englishErrors,
  locale = 'en',
): string {
  const max =
    values.max === undefined ? '' : reason === 'errorRejectedSize' ? formatBytes(locale, values.max) : values.max;
  return fill(table[reason], { accept: values.accept ?? '', max });
}

/** An error worded from the table: `message` is the English sentence, `reason` lets a UI word it again. */
export function tableError(
  code: UploadError['code'],
  reason: ErrorReason,
  retryable: boolean,
  values?: ErrorValues,
  status?: number,
): UploadError {
  return {
    code,
    message: describeError(reason, values),
    retryable,
    reason,
    ...(values ? { values } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

/** The words the server or the app sent, when there are some, else the table's sentence for the case. */
export function saidOrTable(
  code: UploadError['code'],
  reason: ErrorReason,
  retryable: boolean,
  said?: string,
  status?: number,
): UploadError {
  if (said === undefined) return tableError(code, reason, retryable, undefined, status);
  return { code, message: said, retryable, ...(status !== undefined ? { status } : {}) };
}
