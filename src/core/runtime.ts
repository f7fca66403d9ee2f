import { systemClock, type Clock } from './clock.js';
import { send, getJson } from './transport.js';

export type { Clock };

/** Whether the platform is online, and a way to hear when it comes back. */
export interface Network {
  isOffline(): boolean;
  /** Calls `listener` once at the next `online` event; returns a function that stops listening. */
  onOnline(listener: () => void): () => void;
}

/** How requests reach Wistia. */
export interface Transport {
  send: typeof send;
  getJson: typeof getJson;
}

/** Everything the engine takes from its surroundings. Tests replace parts of it; apps never need to. */
export interface Runtime {
  clock: Clock;
  network: Network;
  transport: Transport;
  random: () => number;
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

export function runtimeWith(parts: Partial<Runtime> = {}): Runtime {
  return {
    clock: parts.clock ?? systemClock,
    network: parts.network ?? platformNetwork,
    transport: parts.transport ?? { send, getJson },
    random: parts.random ?? Math.random,
  };
}
