import { systemClock, type Clock } from './clock.js';
import { exchange, getJson, send } from './transport.js';

export type { Clock };

/** Whether the platform is online, and a way to hear when it comes back. */
export interface Network {
  isOffline(): boolean;
  /** Calls `listener` once at the next `online` event; returns a function that stops listening. */
  onOnline(listener: () => void): () => void;
}

/** How requests reach Wistia, or the upload relay (`exchange`: one request of a resumable upload). */
export interface Transport {
  send: typeof send;
  getJson: typeof getJson;
  exchange: typeof exchange;
}

/** Where resumable uploads remember their upload URL so a reload can go on: `localStorage` in a page. */
export interface ResumeStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Bytes per `PATCH` of a resumable upload: a retry sends at most this much again. 8 MiB kept loopback throughput
 * within a few per cent of 64 MiB chunks (docs/relay.md, "Resumable uploads").
 */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** Everything the engine takes from its surroundings. Tests replace parts of it; apps never need to. */
export interface Runtime {
  clock: Clock;
  network: Network;
  transport: Transport;
  random: () => number;
  storage: ResumeStore;
  chunkBytes: number;
}

const platformNetwork: Network = {
  isOffline: () => typeof navigator !== 'undefined' && navigator.onLine === false,
  onOnline(listener) {
    // The window's or a worker's global scope; either fires `online`.
    const target = globalThis as unknown as EventTarget;
    target.addEventListener('online', listener, { once: true });
    return () => target.removeEventListener('online', listener);
  },
};

/** A storage that is missing, full or forbidden (a sandboxed frame, a worker) only loses the resume after a reload. */
function quietly<T>(use: (storage: Storage) => T, fallback: T): T {
  try {
    const storage = globalThis.localStorage;
    return storage ? use(storage) : fallback;
  } catch {
    return fallback;
  }
}

const pageStorage: ResumeStore = {
  getItem: (key) => quietly((s) => s.getItem(key), null),
  setItem: (key, value) => quietly((s) => s.setItem(key, value), undefined),
  removeItem: (key) => quietly((s) => s.removeItem(key), undefined),
};

export function runtimeWith(parts: Partial<Runtime> = {}): Runtime {
  return {
    clock: parts.clock ?? systemClock,
    network: parts.network ?? platformNetwork,
    transport: parts.transport ?? { send, getJson, exchange },
    random: parts.random ?? Math.random,
    storage: parts.storage ?? pageStorage,
    chunkBytes: parts.chunkBytes ?? CHUNK_BYTES,
  };
}
