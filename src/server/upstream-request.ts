/** Hosts where plain `http:` is acceptable: the server's own machine (tests, local stand-ins). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Parses an upstream base URL; a credential must never travel over plain HTTP to another machine. */
export function parseUpstreamUrl(value: string, optionName: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${optionName} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new TypeError(`${optionName} must use https: (http: only for localhost).`);
  }
  if (url.username !== '' || url.password !== '') throw new TypeError(`${optionName} must not contain credentials.`);
  return url;
}

/** Thrown by `withDeadline` when the work took longer than allowed. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

/**
 * Runs `work` (a fetch and its body read) under one deadline. Racing, not only aborting, so that a
 * custom `fetch` that ignores the signal still cannot hold a token request open.
 */
export async function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineExceeded(`No answer within ${timeoutMs} ms.`));
      controller.abort();
    }, timeoutMs);
  });
  const running = work(controller.signal);
  // The loser of the race may still reject later; that must not surface as an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
