// The media the stand-in has "received", and how each looks as Wistia JSON while it is processed.
import { randomInt } from 'node:crypto';

/**
 * @typedef {object} StoredMedia
 * @property {number} id
 * @property {string} hashedId
 * @property {string} name
 * @property {string} description
 * @property {'Video' | 'Audio'} type
 * @property {number} createdAt epoch ms
 * @property {'file' | 'url' | 's3'} source
 * @property {number} [bytes]
 * @property {string} [sha256]
 * @property {string} [contactId]
 * @property {{ id: number, name: string, hashedId: string }} project
 * @property {boolean} fails ends `failed` instead of `ready`
 */
/** @typedef {{ queued: number, processing: number }} ProcessingTimes */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Wistia's time format: ISO 8601 to the second. */
export const isoSeconds = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class MediaStore {
  /** @type {Map<string, StoredMedia>} */
  #media = new Map();
  /** @type {Map<string, StoredMedia['project']>} */
  #projects = new Map();
  #nextId = 1_000_001;
  #failNext = false;

  get count() {
    return this.#media.size;
  }

  /** @param {string} hashedId */
  get(hashedId) {
    return this.#media.get(hashedId);
  }

  /**
   * @param {Omit<StoredMedia, 'id' | 'hashedId' | 'createdAt' | 'project' | 'fails'> & { projectId?: string, now: number }} input
   * @returns {StoredMedia}
   */
  create({ projectId, now, ...rest }) {
    let hashedId;
    do hashedId = randomHashedId();
    while (this.#media.has(hashedId));
    const media = {
      ...rest,
      id: this.#nextId++,
      hashedId,
      createdAt: now,
      project: this.#project(projectId, now),
      fails: this.#failNext,
    };
    this.#failNext = false;
    this.#media.set(hashedId, media);
    return media;
  }

  /**
   * Makes one media (or, with 'next', the next one created) end `failed`; false when the id is unknown.
   * @param {string} hashedId
   */
  markFailing(hashedId) {
    if (hashedId === 'next') return (this.#failNext = true);
    const media = this.#media.get(hashedId);
    if (media) media.fails = true;
    return Boolean(media);
  }

  clear() {
    this.#media.clear();
    this.#projects.clear();
    this.#failNext = false;
  }

  /** Without a project id Wistia files the upload into a new project named Uploads_YYYY-MM-DD. */
  #project(/** @type {string | undefined} */ projectId, /** @type {number} */ now) {
    const name = projectId ? `Project ${projectId}` : `Uploads_${isoSeconds(now).slice(0, 10)}`;
    const key = projectId ?? name;
    let project = this.#projects.get(key);
    if (!project) {
      project = { id: 5_000 + this.#projects.size, name, hashedId: projectId ?? randomHashedId() };
      this.#projects.set(key, project);
    }
    return project;
  }
}

function randomHashedId() {
  let id = '';
  for (let i = 0; i < 10; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/**
 * Where a media stands at `now`: queued, then processing with progress rising, then ready (or failed).
 * @param {StoredMedia} media
 * @param {ProcessingTimes} times
 * @param {number} now
 */
export function processingState(media, times, now) {
  const elapsed = now - media.createdAt;
  if (elapsed < times.queued) return { status: 'queued', progress: 0, updatedAt: media.createdAt };
  if (elapsed < times.queued + times.processing) {
    const progress = Math.min(0.99, Math.floor(((elapsed - times.queued) / times.processing) * 100) / 100);
    return { status: 'processing', progress, updatedAt: media.createdAt + times.queued };
  }
  const updatedAt = media.createdAt + times.queued + times.processing;
  return media.fails ? { status: 'failed', progress: 0, updatedAt } : { status: 'ready', progress: 1, updatedAt };
}

/** A plausible length once processed: files at about 1 Mbit/s, imports a minute. */
function durationOf(/** @type {StoredMedia} */ media) {
  return media.bytes === undefined ? 60 : Math.max(1, Math.round(media.bytes / 125) / 1000);
}

/** @param {StoredMedia} media @param {string} origin */
function thumbnailOf(media, origin) {
  return { url: `${origin}/wistia/thumbnails/${media.hashedId}.svg`, width: 200, height: 120 };
}

/**
 * The upload API's 200 body: the media as just received, queued.
 * @param {StoredMedia} media
 * @param {string} origin scheme://host the request came to, for the thumbnail URL
 */
export function uploadAnswer(media, origin) {
  return {
    id: media.id,
    name: media.name,
    type: media.type,
    created: isoSeconds(media.createdAt),
    updated: isoSeconds(media.createdAt),
    duration: 0,
    hashed_id: media.hashedId,
    description: media.description,
    progress: 0,
    thumbnail: thumbnailOf(media, origin),
    status: 'queued',
  };
}

/**
 * The Data API's `GET /medias/{hashed_id}.json` body at `now`.
 * @param {StoredMedia} media
 * @param {string} origin
 * @param {ProcessingTimes} times
 * @param {number} now
 */
export function mediaAnswer(media, origin, times, now) {
  const { status, progress, updatedAt } = processingState(media, times, now);
  return {
    id: media.id,
    name: media.name,
    type: media.type,
    archived: false,
    created: isoSeconds(media.createdAt),
    updated: isoSeconds(updatedAt),
    duration: status === 'ready' ? durationOf(media) : 0,
    hashed_id: media.hashedId,
    description: media.description,
    progress,
    status,
    thumbnail: thumbnailOf(media, origin),
    project: { id: media.project.id, name: media.project.name, hashed_id: media.project.hashedId },
    folder: { id: media.project.id, name: media.project.name, hashedId: media.project.hashedId },
    tags: [],
  };
}

/**
 * A small generated picture, so the offline demo shows a thumbnail; the hue follows the hashed id.
 * @param {string} hashedId
 */
export function thumbnailSvg(hashedId) {
  let hue = 0;
  for (const char of hashedId) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120" viewBox="0 0 200 120">
<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,45%)"/><stop offset="1" stop-color="hsl(${(hue + 50) % 360},55%,25%)"/></linearGradient></defs>
<rect width="200" height="120" fill="url(#g)"/>
<circle cx="100" cy="60" r="24" fill="#fff" fill-opacity=".85"/>
<path d="M92 47v26l22-13z" fill="#1a1a1a"/>
</svg>
`;
}
