import type { UploadItem } from '../core/types.js';

/** Previews decoding at once: each is a media pipeline in the browser, and a drop may bring a thousand files. */
const AT_ONCE = 2;
/** A file the browser neither decodes nor refuses in this long keeps the generic icon. */
const GIVE_UP_MS = 10_000;
/** The frame is kept at twice the thumbnail's size, for sharp pictures on dense screens. */
const WIDTH = 160;
const HEIGHT = 90;

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

  constructor(redraw: () => void) {
    this.#redraw = redraw;
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
    while (this.#decoding < AT_ONCE && this.#waiting.length > 0) {
      const item = this.#waiting.shift()!;
      const preview = this.#made.get(item.id);
      if (preview && !preview.stop) this.#decode(item.file!, preview);
    }
  }

  #decode(file: File, preview: Preview): void {
    this.#decoding++;
    const video = document.createElement('video');
    const url = URL.createObjectURL(file);
    const stop = () => {
      if (!preview.stop) return;
      preview.stop = undefined;
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      this.#decoding--;
      // Later, not inside the caller's loop over the previews.
      setTimeout(() => this.#next());
    };
    const timer = setTimeout(stop, GIVE_UP_MS);
    preview.stop = stop;
    video.onloadeddata = () => {
      if (preview.stop === stop && video.videoWidth > 0) {
        preview.frame = drawFrame(video);
        this.#redraw();
      }
      stop();
    };
    video.onerror = stop;
    video.muted = true;
    video.preload = 'metadata';
    video.src = url;
  }
}

/** The video's current frame, cropped to the thumbnail's shape as `object-fit: cover` would. */
function drawFrame(video: HTMLVideoElement): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  canvas.className = 'thumb';
  canvas.setAttribute('part', 'thumbnail');
  canvas.setAttribute('aria-hidden', 'true');
  const scale = Math.max(WIDTH / video.videoWidth, HEIGHT / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  canvas.getContext('2d')?.drawImage(video, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height);
  return canvas;
}
