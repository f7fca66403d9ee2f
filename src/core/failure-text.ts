import {
  describeIn,
  englishRefusals,
  errorsFrom,
  type ErrorMessages,
  type ErrorReason,
  type ErrorValues,
  type FailureMessages,
} from './error-text.js';
import type { UploadError } from './types.js';

/** English, built in: what the engine says of an item it was given (refusals of input are in `error-text.ts`). */
export const englishFailures: FailureMessages = {
  errorRejectedByApp: 'This file cannot be uploaded here.',
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

/** Every error sentence in English: the core's default messages. */
export const englishErrors: ErrorMessages = { ...englishRefusals, ...englishFailures };

/** An error of any kind, worded in English. */
export const failureError = errorsFrom(englishErrors);

/** The sentence for `reason` in `table` (English by default), its values filled; sizes through `Intl` in `locale`. */
export function describeError(
  reason: ErrorReason,
  values: ErrorValues = {},
  table: ErrorMessages = englishErrors,
  locale = 'en',
): string {
  return describeIn(table, reason, values, locale);
}

/** The words the server or the app sent, when there are some, else the table's sentence for the case. */
export function saidOrTable(
  code: UploadError['code'],
  reason: ErrorReason,
  retryable: boolean,
  said?: string,
  status?: number,
): UploadError {
  if (said === undefined) return failureError(code, reason, retryable, undefined, status);
  return { code, message: said, retryable, ...(status !== undefined ? { status } : {}) };
}
