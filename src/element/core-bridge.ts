import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  EventName,
  FileRejectEvent,
  MediaReadyEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from '../core/events.js';
import type { Uploader } from '../core/types.js';
import { Announcer } from './announcer.js';
import { fill } from './messages.js';
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
 * The core's events become the element's: each is re-dispatched on the element, read out where a person needs to
 * hear it, and redrawn (progress at a calm pace). Processing is watched only while the element is in the page.
 */
export class CoreBridge implements ReactiveController {
  private readonly announcer: Announcer;
  private progressDraw?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: Host,
    private readonly core: Uploader,
    private readonly words: Words,
  ) {
    this.announcer = new Announcer(
      () => host.renderRoot?.querySelector<HTMLElement>('.announcer'),
      (count) => fill(words.text.announceMore, { count }),
    );
    for (const type of Object.values(EventName)) core.addEventListener(type, this.onCoreEvent);
    // Phases change without events too (backing off → offline → authorizing): the row must follow them.
    core.subscribe(() => host.requestUpdate());
    host.addController(this);
  }

  /** Progress that came while out of the page is drawn on return; Wistia's processing is watched again. */
  hostConnected(): void {
    this.core.watchProcessing(true);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.progressDraw);
    this.progressDraw = undefined;
    this.announcer.stop();
    // Polling Wistia for an element nobody sees would go on for as long as processing takes.
    this.core.watchProcessing(false);
  }

  /** Byte counts change many times a second; drawing them every PROGRESS_DRAW_MS keeps the main thread free. */
  private drawProgressSoon(): void {
    this.progressDraw ??= setTimeout(() => {
      this.progressDraw = undefined;
      this.host.requestUpdate();
    }, PROGRESS_DRAW_MS);
  }

  private announce(event: Event): void {
    const say = (template: string, reason = false) => {
      const item = (event as UploadStartEvent).detail.item;
      // Read when announced: while `addFiles` runs, the element has not drawn the refusal yet.
      this.announcer.say(() => fill(template, { name: item.name, reason: reason ? this.words.errorText(item) : '' }));
    };
    const m = this.words.text;
    if (event instanceof UploadStartEvent) say(m.announceStart);
    else if (event instanceof FileRejectEvent) say(m.announceReject, true);
    else if (event instanceof UploadSuccessEvent) say(m.announceSuccess);
    else if (event instanceof MediaReadyEvent) say(m.announceReady);
    else if (event instanceof UploadErrorEvent) say(m.announceError, true);
    else if (event instanceof UploadCancelEvent) say(m.announceCancel);
  }

  private readonly onCoreEvent = (event: Event) => {
    this.announce(event);
    // Byte counts are drawn at a calm pace; the last of them at once, as the row then says it waits for Wistia.
    // Out of the page nothing is seen: no progress timer outlives the element's stay.
    if (!(event instanceof UploadProgressEvent) || event.detail.loaded >= event.detail.total) this.host.requestUpdate();
    else if (this.host.isConnected) this.drawProgressSoon();
    // A new instance of the same class with the same detail: the core's event cannot be dispatched twice.
    const Same = event.constructor as new (detail: unknown) => Event;
    this.host.dispatchEvent(new Same((event as Event & { detail: unknown }).detail));
  };
}
