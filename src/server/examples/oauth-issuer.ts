// Example of a custom issuer: an OAuth2 access token limited to uploading, refreshed on the server.
// Copy it into your backend and import from 'wistia-uploader/server' instead of '../index.js'.

import { redactSecrets, TokenIssuerError, type TokenIssuer } from '../index.js';

export interface OAuthAccessTokenIssuerOptions {
  /** The OAuth token endpoint from Wistia's "Authenticating with OAuth2" guide. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * Refresh token from the one-time authorization-code flow, for an OAuth application whose only
   * permission is uploading (`media:upload`).
   */
  refreshToken: string;
  /** Called when the server answers with a new refresh token, so you can store it. */
  onRefreshTokenRotated?: (refreshToken: string) => void | Promise<void>;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Reuse a cached access token only while it has this long left, so the browser gets a useful lifetime. */
const REUSE_MARGIN_MS = 120_000;

/** Hands every admitted caller the current upload-scoped access token, refreshing it when it runs low. */
export function oauthAccessTokenIssuer(options: OAuthAccessTokenIssuerOptions): TokenIssuer {
  const now = options.now ?? Date.now;
  let refreshToken = options.refreshToken;
  let cached: { token: string; expiresAt: Date } | undefined;
  // Concurrent requests share one refresh instead of racing to rotate the refresh token.
  let inFlight: Promise<{ token: string; expiresAt: Date }> | undefined;

  const fail = (message: string, status?: number): TokenIssuerError =>
    new TokenIssuerError(
      status === undefined ? 'upstream_unreachable' : 'upstream_error',
      redactSecrets(message, [options.clientSecret, refreshToken]),
      {
        publicMessage: 'Could not get an upload token from Wistia.',
        retryable: status === undefined || status >= 500,
        ...(status === undefined ? {} : { status }),
      },
    );

  const refresh = async (): Promise<{ token: string; expiresAt: Date }> => {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(options.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw fail(`Could not reach the OAuth token endpoint: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown } | undefined;
    if (!response.ok) throw fail(`The OAuth token endpoint answered HTTP ${response.status}.`, response.status);
    if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw fail('The OAuth token endpoint answered without access_token and expires_in.', response.status);
    }
    if (typeof body.refresh_token === 'string' && body.refresh_token !== refreshToken) {
      refreshToken = body.refresh_token;
      await options.onRefreshTokenRotated?.(refreshToken);
    }
    return { token: body.access_token, expiresAt: new Date(now() + body.expires_in * 1000) };
  };

  return async function issueOAuthAccessToken() {
    if (cached !== undefined && cached.expiresAt.getTime() - now() > REUSE_MARGIN_MS) return cached;
    inFlight ??= refresh().finally(() => {
      inFlight = undefined;
    });
    cached = await inFlight;
    return cached;
  };
}
