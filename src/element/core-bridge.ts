import type { ReactiveControllerHost } from 'lit';
import { UploadProgressEvent } from '../core/events.js';
import { createQueue, type EngineLessUploader } from '../core/uploader.js';
import type { Announcements } from './announcer.js';
import { uploadPiece } from './piece-loader.js';
import type { Words } from './words.js';

/** Pace of progress redraws: each costs a frame (style, layout, paint, commit), which a bare upload never pays. */
const PROGRESS_DRAW_MS = 1000;

/** The next animation frame, or a short wait where there are none (a hidden tab). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 250);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode | undefined };

/**
 * The element's queue, which tells its events to the element: dispatched there only (the queue's own dispatch is
 * skipped: ten thousand cancels of a form reset were told twice), read out where a person needs to hear them, and
 * redrawn (progress at a calm pace). Processing is watched only while the element is in the page.
 * `beforeTelling` runs before any event other than progress reaches the page, so the element's own state (its
 * form) already shows what the event tells.
 */
export function bridgeCore(host: Host, words: Words, beforeTelling: (event: Event) => void): EngineLessUploader {
  let progressDraw: ReturnType<typeof setTimeout> | undefined;
  let announcements: Announcements | undefined;
  // Read out by the upload piece's announcer, which comes with the first item; none once the element has left.
  const announce = (event: Event) =>
    void uploadPiece.arrived.then((piece) => {
      if (host.isConnected) (announcements ??= piece.announceEvents(host, words)).tell(event);
    });

  const onCoreEvent = (event: Event) => {
    if (!(event instanceof UploadProgressEvent)) announce(event);
    // Byte counts change many times a second: drawn every PROGRESS_DRAW_MS, the last of them at once, as the row
    // then says it waits for Wistia. Out of the page nothing is seen: no progress timer outlives the element's stay.
    if (!(event instanceof UploadProgressEvent) || event.detail.loaded >= event.detail.total) host.requestUpdate();
    else if (host.isConnected)
      progressDraw ??= setTimeout(() => {
        progressDraw = undefined;
        host.requestUpdate();
      }, PROGRESS_DRAW_MS);
    if (!(event instanceof UploadProgressEvent)) beforeTelling(event);
    host.dispatchEvent(event);
  };

  const core = createQueue({}, {}, onCoreEvent);
  // Phases change without events too (backing off → offline → authorizing): the row must follow them.
  // Out of the page nothing is seen: returning draws the latest (hostConnected below).
  core.subscribe(() => host.isConnected && host.requestUpdate());
  host.addController({
    // Progress that came while out of the page is drawn on return; Wistia's processing is watched again.
    hostConnected() {
      core.watchProcessing(true);
      host.requestUpdate();
    },
    hostDisconnected() {
      clearTimeout(progressDraw);
      progressDraw = undefined;
      announcements?.stop();
      // Polling Wistia for an element nobody sees would go on for as long as processing takes.
      core.watchProcessing(false);
    },
  });
  return core;
}
