import type { TokenIssuer } from './token-issuer.js';

export interface StaticUploadTokenIssuerOptions {
  /** A Wistia access token whose only permission is uploading, kept on the server (e.g. in an env variable). */
  token: string;
  /**
   * Tells the client to ask again after this many seconds (so a rotated token reaches open pages).
   * It does not make the token expire. Default: no `expires_at`, the client keeps it until a 401.
   */
  ttlSeconds?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Hands out one server-held, **upload-only** Wistia access token, and only to callers `authorize`
 * admitted.
 *
 * Exposure: the browser receives the real token. Anyone admitted can copy it from the network panel
 * and use it directly against Wistia until you revoke it, with whatever permissions it has; the
 * per-caller rate limit does not apply once it is copied. So: create a token with the upload
 * permission only, never your account's full-access token; rotate it regularly and after anyone loses
 * access; and remember that `expires_at` (from `ttlSeconds`) only tells the client when to ask again.
 * Prefer an issuer that mints short-lived tokens when you can.
 */
export function staticUploadTokenIssuer(options: StaticUploadTokenIssuerOptions): TokenIssuer {
  const token = options?.token;
  if (typeof token !== 'string' || token.trim() === '') {
    throw new TypeError('staticUploadTokenIssuer needs token (an upload-only Wistia access token).');
  }
  const ttlSeconds = options.ttlSeconds;
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 60)) {
    throw new RangeError('ttlSeconds must be a whole number of at least 60.');
  }
  const now = options.now ?? Date.now;

  return async function issueStaticUploadToken() {
    return ttlSeconds === undefined ? { token } : { token, expiresAt: new Date(now() + ttlSeconds * 1000) };
  };
}
