// Cross-origin token requests: only listed origins get CORS headers, so other sites' pages cannot read a token.

import { errorResponse } from './json-response.js';

export interface CorsPolicy {
  /** Headers to add to an answer for this request (always `Vary: Origin`). */
  headersFor(request: Request): Headers;
  /** Answer to an `OPTIONS` preflight. */
  preflight(request: Request): Response;
}

/** Validates `allowedOrigins` once, at start-up, so a typo fails loudly instead of silently refusing. */
export function createCorsPolicy(allowedOrigins: readonly string[]): CorsPolicy {
  const origins = new Set(allowedOrigins.map(normaliseOrigin));

  const allowedOrigin = (request: Request): string | null => {
    const origin = request.headers.get('origin');
    return origin !== null && origins.has(origin.toLowerCase()) ? origin : null;
  };

  const headersFor = (request: Request): Headers => {
    const headers = new Headers({ Vary: 'Origin' });
    const origin = allowedOrigin(request);
    if (origin !== null) {
      headers.set('Access-Control-Allow-Origin', origin);
      // The element may send cookies (`token-credentials="include"`) to identify the user.
      headers.set('Access-Control-Allow-Credentials', 'true');
      headers.set('Access-Control-Expose-Headers', 'Retry-After');
    }
    return headers;
  };

  return {
    headersFor,

    preflight(request) {
      const origin = allowedOrigin(request);
      const method = request.headers.get('access-control-request-method');
      if (origin === null || (method !== null && method.toUpperCase() !== 'POST')) {
        return errorResponse(403, 'This site may not request upload tokens.', { Vary: 'Origin' });
      }
      const headers = headersFor(request);
      headers.append('Vary', 'Access-Control-Request-Headers');
      headers.set('Access-Control-Allow-Methods', 'POST');
      // The origin is trusted, so the headers its page sends (e.g. a CSRF header) may pass.
      const requested = request.headers.get('access-control-request-headers');
      headers.set('Access-Control-Allow-Headers', isHeaderList(requested) ? requested : 'Content-Type, Accept');
      headers.set('Access-Control-Max-Age', '600');
      headers.set('Cache-Control', 'no-store');
      return new Response(null, { status: 204, headers });
    },
  };
}

function normaliseOrigin(value: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  const origin = parsed?.origin;
  if (origin === undefined || origin === 'null' || value.replace(/\/$/, '').toLowerCase() !== origin.toLowerCase()) {
    throw new TypeError(
      `allowedOrigins must list exact origins such as "https://example.com" (got ${JSON.stringify(value)}).`,
    );
  }
  return origin.toLowerCase();
}

function isHeaderList(value: string | null): value is string {
  return value !== null && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/.test(value.trim());
}
