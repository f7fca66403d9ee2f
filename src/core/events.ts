import type { UploadError, UploadItem, WistiaMedia } from './types.js';

/** Every event name, in one place, so the classes and the global event map cannot drift apart. */
export const EventName = {
  fileReject: 'wistia-file-reject',
  uploadStart: 'wistia-upload-start',
  uploadProgress: 'wistia-upload-progress',
  uploadRetry: 'wistia-upload-retry',
  uploadResume: 'wistia-upload-resume',
  uploadSuccess: 'wistia-upload-success',
  mediaReady: 'wistia-media-ready',
  uploadError: 'wistia-upload-error',
  uploadCancel: 'wistia-upload-cancel',
  queueComplete: 'wistia-queue-complete',
} as const;

export interface ItemDetail {
  item: UploadItem;
}
export interface ProgressDetail extends ItemDetail {
  loaded: number;
  total: number;
  /** 0–100. */
  percent: number;
  bytesPerSecond: number;
  /** `Infinity` until a speed is known. */
  secondsLeft: number;
}
export interface RetryDetail extends ItemDetail {
  error: UploadError;
  /** The attempt about to be made, 2 for the first retry. */
  attempt: number;
  delayMs: number;
}
export interface ResumeDetail extends ItemDetail {
  /** Bytes the relay already holds, from which the upload goes on. */
  offset: number;
}
export interface MediaDetail extends ItemDetail {
  media: WistiaMedia;
}
export interface ErrorDetail extends ItemDetail {
  error: UploadError;
}
export interface QueueCompleteDetail {
  succeeded: UploadItem[];
  failed: UploadItem[];
  cancelled: UploadItem[];
}

/** Base of every event: bubbles out of shadow roots, is not cancelable, carries a readonly detail. */
abstract class UploaderEvent<D> extends Event {
  readonly detail: D;
  constructor(type: string, detail: D) {
    super(type, { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

/** Input was refused before any request. */
export class FileRejectEvent extends UploaderEvent<ItemDetail> {
  constructor(detail: ItemDetail) {
    super(EventName.fileReject, detail);
  }
}
/** An item's first attempt begins. */
export class UploadStartEvent extends UploaderEvent<ItemDetail> {
  constructor(detail: ItemDetail) {
    super(EventName.uploadStart, detail);
  }
}
/** Bytes moved; at most once per animation frame per item. */
export class UploadProgressEvent extends UploaderEvent<ProgressDetail> {
  constructor(detail: ProgressDetail) {
    super(EventName.uploadProgress, detail);
  }
}
/** A transient failure will be retried after `delayMs`. */
export class UploadRetryEvent extends UploaderEvent<RetryDetail> {
  constructor(detail: RetryDetail) {
    super(EventName.uploadRetry, detail);
  }
}
/** A resumable upload goes on from `offset` bytes the relay already holds (after an interruption or a reload). */
export class UploadResumeEvent extends UploaderEvent<ResumeDetail> {
  constructor(detail: ResumeDetail) {
    super(EventName.uploadResume, detail);
  }
}
/** Wistia answered 200 with media JSON. */
export class UploadSuccessEvent extends UploaderEvent<MediaDetail> {
  constructor(detail: MediaDetail) {
    super(EventName.uploadSuccess, detail);
  }
}
/** With `waitForReady`, Wistia reports the media `ready`; may come after `wistia-queue-complete`. */
export class MediaReadyEvent extends UploaderEvent<MediaDetail> {
  constructor(detail: MediaDetail) {
    super(EventName.mediaReady, detail);
  }
}
/** The item ended `failed`; or, with `processing_unknown`, its processing cannot be watched (the item stays `succeeded`). */
export class UploadErrorEvent extends UploaderEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super(EventName.uploadError, detail);
  }
}
/** The item ended `cancelled`. */
export class UploadCancelEvent extends UploaderEvent<ItemDetail> {
  constructor(detail: ItemDetail) {
    super(EventName.uploadCancel, detail);
  }
}
/** Nothing is queued or in flight any more. */
export class QueueCompleteEvent extends UploaderEvent<QueueCompleteDetail> {
  constructor(detail: QueueCompleteDetail) {
    super(EventName.queueComplete, detail);
  }
}

/** Event name → event class, for typed listeners on the element and on the headless core. */
export interface UploaderEventMap {
  [EventName.fileReject]: FileRejectEvent;
  [EventName.uploadStart]: UploadStartEvent;
  [EventName.uploadProgress]: UploadProgressEvent;
  [EventName.uploadRetry]: UploadRetryEvent;
  [EventName.uploadResume]: UploadResumeEvent;
  [EventName.uploadSuccess]: UploadSuccessEvent;
  [EventName.mediaReady]: MediaReadyEvent;
  [EventName.uploadError]: UploadErrorEvent;
  [EventName.uploadCancel]: UploadCancelEvent;
  [EventName.queueComplete]: QueueCompleteEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends UploaderEventMap {}
}
