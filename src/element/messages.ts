import { englishRefusals, type ErrorMessages } from '../core/error-text.js';

export { fill } from '../core/error-text.js';

/**
 * Every visible string and announcement of `<wistia-uploader>`, in one typed object.
 * `{placeholders}` are filled in by the element; override any of them with the `messages` property.
 */
export interface Messages extends ErrorMessages {
  /** Fallback content of the default slot: the drop zone's heading. */
  dropHeading: string;
  /** Under the heading when several files may be dropped. */
  dropHint: string;
  /** Under the heading when only one file may be dropped. */
  dropHintSingle: string;
  /** Shown in the drop zone while files are dragged over it. */
  dropRelease: string;
  /** The file picker button when `multiple`. */
  chooseFiles: string;
  /** The file picker button when not `multiple`. */
  chooseFile: string;
  /** `{size}`: `max-file-size`, formatted. */
  limitSize: string;
  /** Label of the link field. */
  urlLabel: string;
  urlPlaceholder: string;
  importButton: string;
  /** Accessible name of the list of uploads. */
  listLabel: string;
  /** Accessible name of the list of refused input. */
  rejectionsLabel: string;
  /** Button that sends queued items in `manual` mode. */
  startButton: string;
  clearButton: string;
  /** `{count}`: hidden items. */
  showMore: string;
  cancelButton: string;
  retryButton: string;
  removeButton: string;
  dismissButton: string;
  /** Accessible names of the per-item buttons; `{name}`: the item's name. */
  cancelLabel: string;
  retryLabel: string;
  removeLabel: string;
  dismissLabel: string;
  /** Labels of the fields that edit a queued item in `manual` mode. */
  nameLabel: string;
  descriptionLabel: string;
  statusQueued: string;
  /** Queued in `manual` mode, waiting for Start. */
  statusHeld: string;
  /** `{percent}`: formatted percentage. */
  statusUploading: string;
  /** A link or S3 import: Wistia fetches the file itself, so there are no byte counts. */
  statusImporting: string;
  /** The whole file is sent: waiting for Wistia's answer (shown instead of 100 %). */
  statusFinishing: string;
  /** The browser is offline: the upload goes on when the connection is back. */
  statusOffline: string;
  /** `{attempt}`: the attempt about to be made, 2 for the first retry. */
  statusRetrying: string;
  statusProcessing: string;
  statusSucceeded: string;
  /** Succeeded after `wait-for-ready` saw the media ready. */
  statusReady: string;
  /** Uploaded, but `wait-for-ready` cannot read its processing status (`processing_unknown`): nothing to retry. */
  statusProcessingUnknown: string;
  statusFailed: string;
  statusCancelled: string;
  statusRejected: string;
  /** `{loaded}` and `{total}`: formatted sizes. */
  progressBytes: string;
  /** `{time}`: formatted duration. */
  timeLeft: string;
  /** The summary line; `{done}` and `{total}`: counts of items. */
  summaryDone: string;
  /** `{count}`: items that failed. */
  summaryFailed: string;
  /** `{size}`: bytes still to send, formatted. */
  summaryLeft: string;
  /** `{time}`: formatted duration until all is sent. */
  summaryTime: string;
  /** Accessible name of the summary's bar. */
  summaryLabel: string;
  /** Accessible name of an item's progress bar; `{name}`: the item's name. */
  progressLabel: string;
  /** Link to the media's player page. */
  openMedia: string;
  /** Read after links that open a new tab. */
  opensInNewTab: string;
  /** Live announcements; `{name}`: the item's name, `{reason}`: the error text. */
  announceStart: string;
  announceSuccess: string;
  announceReady: string;
  announceError: string;
  announceCancel: string;
  announceReject: string;
  /** Appended when many announcements arrive at once; `{count}`: those left out. */
  announceMore: string;
  /** Form validity while uploads are still running. */
  validityInFlight: string;
  /** Form validity when `required` and nothing was uploaded. */
  validityMissing: string;
  /** The part of the uploader that sends files could not be loaded; shown with a Retry button. */
  errorPieceLoad: string;
}

/**
 * The words a page shows before anyone adds a file, in English: the drop zone, the link field, refusals, the form's
 * validity. The words of the rows come with them, in the upload piece (`row-messages.ts`).
 */
export const englishBeforeFiles = {
  ...englishRefusals,
  dropHeading: 'Upload videos',
  dropHint: 'Drag and drop files here, or',
  dropHintSingle: 'Drag and drop a file here, or',
  dropRelease: 'Drop to upload',
  chooseFiles: 'Choose files',
  chooseFile: 'Choose a file',
  limitSize: 'Up to {size} per file',
  urlLabel: 'Or import from a link',
  urlPlaceholder: 'https://… or s3://bucket/video.mp4',
  importButton: 'Import',
  retryButton: 'Retry',
  validityInFlight: 'Wait until the uploads have finished.',
  validityMissing: 'Upload at least one video.',
  errorPieceLoad:
    'Part of the uploader could not be loaded, so nothing can be sent yet. Check your connection and retry.',
} satisfies Partial<Messages>;

/** The keys of the words the rows bring. */
export type RowMessages = Omit<Messages, keyof typeof englishBeforeFiles>;
