import type { UploadItem } from '../core/types.js';

/** Previews decoding at once: each is a media pipeline in the browser, and a drop may bring a thousand files. */
const AT_ONCE = 2;
/** A file the browser neither decodes nor refuses in this long keeps the generic icon. */
const GIVE_UP_MS = 10_000;
/** The frame is kept at twice the thumbnail's size, for sharp pictures on dense screens. */
const WIDTH = 160;
const HEIGHT = 90;
/** Chromium hands a decoded frame to a canvas a moment after `loadeddata`: look again this often until it does. */
const LOOK_AGAIN_MS = 50;

/**
 * A page whose CSP has no `media-src blob:` blocks previews, and the browser reports each try: the first try on a page
 * runs alone, and once one is blocked none is tried again on that page.
 */
let blockedByPolicy = false;
/** A browser with video playback turned off makes `<video>` an unknown element: it has nothing to decode with. */
let videoPlayback: boolean | undefined;
const canPlayVideo = () => (videoPlayback ??= document.createElement('video') instanceof HTMLVideoElement);
let triedOnce = false;
if (typeof document !== 'undefined') {
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective === 'media-src' && event.blockedURI.startsWith('blob')) blockedByPolicy = true;
  });
}

interface Preview {
  /** Set once the frame is drawn. */
  frame?: HTMLCanvasElement;
  /** While decoding: lets go of the video and its object URL. */
  stop?: () => void;
}

const isVideoFile = (item: UploadItem) =>
  item.source === 'file' && !!item.file?.type.startsWith('video/') && !item.media?.thumbnail?.url;

/**
 * Local first frames of the video files listed: the browser decodes each from its file through an object URL in a
 * `<video preload="metadata">` (the file is never read into memory whole), the frame is copied to a small canvas,
 * and the video and its URL are let go at once. Made after the rows are drawn, a few at a time, never while adding.
 */
export class Previews {
  readonly #made = new Map<string, Preview>();
  readonly #waiting: UploadItem[] = [];
  #decoding = 0;
  readonly #redraw: () => void;
  readonly #place: () => ParentNode | undefined;

  /** `place`: where the decoding videos sit, out of sight (Chromium decodes no frame for a video outside the page). */
  constructor(redraw: () => void, place: () => ParentNode | undefined) {
    this.#redraw = redraw;
    this.#place = place;
  }

  /** The frame of this item, once decoded. */
  frameOf(id: string): HTMLCanvasElement | undefined {
    return this.#made.get(id)?.frame;
  }

  /** After a render: queues the drawn rows that need a preview; those whose row went, or got Wistia's picture, go. */
  sync(drawn: readonly UploadItem[]): void {
    const wanted = new Set<string>();
    for (const item of drawn) {
      if (!isVideoFile(item) || item.status === 'rejected') continue;
      wanted.add(item.id);
      if (!this.#made.has(item.id)) {
        this.#made.set(item.id, {});
        this.#waiting.push(item);
      }
    }
    for (const [id, preview] of this.#made) {
      if (wanted.has(id)) continue;
      preview.stop?.();
      this.#made.delete(id);
    }
    this.#next();
  }

  /** The element left the page: nothing keeps decoding. */
  clear(): void {
    this.sync([]);
    this.#waiting.length = 0;
  }

  #next(): void {
    while (
      canPlayVideo() &&
      !blockedByPolicy &&
      this.#decoding < (triedOnce ? AT_ONCE : 1) &&
      this.#waiting.length > 0
    ) {
      const item = this.#waiting.shift()!;
      const preview = this.#made.get(item.id);
      if (preview && !preview.stop) this.#decode(item.file!, preview);
    }
  }

  #decode(file: File, preview: Preview): void {
    this.#decoding++;
    const video = document.createElement('video');
    const url = URL.createObjectURL(file);
    let look: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      if (!preview.stop) return;
      preview.stop = undefined;
      clearTimeout(timer);
      clearTimeout(look);
      video.removeAttribute('src');
      video.load();
      video.remove();
      URL.revokeObjectURL(url);
      this.#decoding--;
      triedOnce = true;
      // Later, not inside the caller's loop over the previews.
      setTimeout(() => this.#next());
    };
    const timer = setTimeout(stop, GIVE_UP_MS);
    preview.stop = stop;
    const draw = () => {
      if (preview.stop !== stop) return;
      if (video.videoWidth === 0) return stop();
      const frame = drawFrame(video);
      if (!frame) {
        look = setTimeout(draw, LOOK_AGAIN_MS);
        return;
      }
      preview.frame = frame;
      stop();
      this.#redraw();
    };
    video.onloadeddata = draw;
    video.onerror = stop;
    video.muted = true;
    video.preload = 'metadata';
    video.className = 'decoding';
    video.setAttribute('aria-hidden', 'true');
    this.#place()?.append(video);
    video.src = url;
  }
}

/** The video's current frame, cropped as `object-fit: cover` would; undefined while the frame is not there yet. */
function drawFrame(video: HTMLVideoElement): HTMLCanvasElement | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  canvas.className = 'thumb';
  canvas.setAttribute('part', 'thumbnail');
  canvas.setAttribute('aria-hidden', 'true');
  const scale = Math.max(WIDTH / video.videoWidth, HEIGHT / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(video, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height);
  // Nothing drawn leaves the middle transparent; any frame of a video, even a black one, is opaque.
  return context.getImageData(WIDTH / 2, HEIGHT / 2, 1, 1).data[3] > 0 ? canvas : undefined;
}
