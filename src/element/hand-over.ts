/**
 * What the script-tag file's pieces take from the first-load file instead of a copy of their own: a list, as a
 * piece's minified code reads `given[3]` where names would cost bytes in both files; the imports above tell the
 * build which module each comes from. The build fails when a piece imports from the first file what is missing here.
 */
import { css, html, nothing } from 'lit';
import { systemClock } from '../core/clock.js';
import { describeIn, englishRefusals, errorsFrom } from '../core/error-text.js';
import {
  FileRejectEvent,
  MediaReadyEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadResumeEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from '../core/events.js';
import { appFields } from '../core/file-rules.js';
import { formatBytes, unitFormat } from '../core/format.js';
import { moveEntry, snapshot } from '../core/item-index.js';
import { isFinished, isHeld, isUploaded } from '../core/item-phase.js';
import { DEFAULT_OPTIONS } from '../core/options.js';
import { truncateName } from '../core/wistia-defaults.js';
import { fill } from './messages.js';

export const handOver = [
  css,
  html,
  nothing,
  systemClock,
  describeIn,
  englishRefusals,
  errorsFrom,
  FileRejectEvent,
  MediaReadyEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadResumeEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
  appFields,
  formatBytes,
  unitFormat,
  moveEntry,
  snapshot,
  isFinished,
  isHeld,
  isUploaded,
  DEFAULT_OPTIONS,
  truncateName,
  fill,
] as const;
