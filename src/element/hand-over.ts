/**
 * What the script-tag file's upload piece (`chunks/upload.min.js`) takes from the first-load file instead of a
 * copy of its own: one entry per module, named by its path under `src/` (or its package), with the exports the
 * piece uses. The build fails when the piece imports a module of the first-load file that is missing here.
 */
import { css, html, nothing } from 'lit';
import { systemClock } from '../core/clock.js';
import { saidOrTable, tableError } from '../core/error-text.js';
import {
  FileRejectEvent,
  MediaReadyEvent,
  UploadErrorEvent,
  UploadResumeEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from '../core/events.js';
import { appFields } from '../core/file-rules.js';
import { moveEntry, snapshot } from '../core/item-index.js';
import { isFinished, isHeld, isUploaded } from '../core/item-phase.js';
import { isSecureEndpoint } from '../core/link-rules.js';
import { DEFAULT_OPTIONS } from '../core/options.js';
import { truncateName } from '../core/wistia-defaults.js';
import { pathOf } from './folder-walk.js';
import { fill } from './messages.js';

export const handOver = {
  lit: { css, html, nothing },
  'core/clock': { systemClock },
  'core/error-text': { saidOrTable, tableError },
  'core/events': {
    FileRejectEvent,
    MediaReadyEvent,
    UploadErrorEvent,
    UploadResumeEvent,
    UploadRetryEvent,
    UploadStartEvent,
    UploadSuccessEvent,
  },
  'core/file-rules': { appFields },
  'core/item-index': { moveEntry, snapshot },
  'core/item-phase': { isFinished, isHeld, isUploaded },
  'core/link-rules': { isSecureEndpoint },
  'core/options': { DEFAULT_OPTIONS },
  'core/wistia-defaults': { truncateName },
  'element/folder-walk': { pathOf },
  'element/messages': { fill },
};
