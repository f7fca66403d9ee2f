// Cross-origin calls: only listed origins get CORS headers, so other sites' pages cannot read an answer.

import { errorResponse } from './json-response.js';

export interface CorsPolicy {
  /** Headers to add to an answer for this request (always `Vary: Origin`). */
  headersFor(request: Request): Headers;
  /** Answer to an `OPTIONS` preflight. */
  preflight(request: Request): Response;
}

export interface CorsPolicyOptions {
  /** Methods a preflight may ask for. Default `['POST']`. */
  methods?: readonly string[];
  /** Send `Access-Control-Allow-Credentials` (cookies identify the user). Default true. */
  credentials?: boolean;
  /** Headers allowed when the preflight names none or an unreadable list. */
  defaultHeaders?: string;
  /** Error text of a refused preflight. */
  refusal?: string;
  /** Answer headers a cross-origin page may read. Default `Retry-After`. */
  exposeHeaders?: string;
}

/**
 * Validates `allowedOrigins` once, at start-up, so a typo fails loudly instead of silently refusing.
 * `'*'` admits every origin (reflected, for answers that need a bearer token anyway).
 */
export function createCorsPolicy(allowedOrigins: readonly string[] | '*', options: CorsPolicyOptions = {}): CorsPolicy {
  const anyOrigin = allowedOrigins === '*';
  const origins = new Set(anyOrigin ? [] : allowedOrigins.map(normaliseOrigin));
  const methods = options.methods ?? ['POST'];
  const credentials = options.credentials ?? true;
  const defaultHeaders = options.defaultHeaders ?? 'Content-Type, Accept';
  const refusal = options.refusal ?? 'This site may not request upload tokens.';
  const exposeHeaders = options.exposeHeaders ?? 'Retry-After';

  const allowedOrigin = (request: Request): string | null => {
    const origin = request.headers.get('origin');
    if (origin === null) return null;
    return anyOrigin || origins.has(origin.toLowerCase()) ? origin : null;
  };

  const headersFor = (request: Request): Headers => {
    const headers = new Headers({ Vary: 'Origin' });
    const origin = allowedOrigin(request);
    if (origin !== null) {
      headers.set('Access-Control-Allow-Origin', origin);
      // The element may send cookies (`token-credentials="include"`) to identify the user.
      if (credentials) headers.set('Access-Control-Allow-Credentials', 'true');
      // Without this a cross-origin page cannot read how long to wait after a 429 or 503.
      headers.set('Access-Control-Expose-Headers', exposeHeaders);
    }
    return headers;
  };

  return {
    headersFor,

    preflight(request) {
      const origin = allowedOrigin(request);
      const method = request.headers.get('access-control-request-method')?.toUpperCase();
      if (origin === null || (method !== undefined && !methods.includes(method))) {
        return errorResponse(403, refusal, { Vary: 'Origin' });
      }
      const headers = headersFor(request);
      headers.append('Vary', 'Access-Control-Request-Headers');
      headers.set('Access-Control-Allow-Methods', methods.join(', '));
      // The origin is trusted, so the headers its page sends (e.g. a CSRF header) may pass.
      const requested = request.headers.get('access-control-request-headers');
      headers.set('Access-Control-Allow-Headers', isHeaderList(requested) ? requested : defaultHeaders);
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
