/**
 * The token endpoint a site runs on its own backend for `<wistia-uploader token-url="...">` (SPEC §4).
 * No dependencies; runs on Node ≥ 20 and any Fetch API runtime.
 */
export {
  createTokenHandler,
  type Authorization,
  type Authorize,
  type AuthorizeContext,
  type AuthorizeResult,
  type TokenHandler,
  type TokenHandlerOptions,
} from './token-handler.js';
export {
  TokenIssuerError,
  type IssuedToken,
  type TokenIssuer,
  type TokenIssuerContext,
  type TokenIssuerFailure,
} from './token-issuer.js';
export {
  wistiaExpiringTokenIssuer,
  WISTIA_PUBLIC_MESSAGE,
  type WistiaExpiringTokenIssuerOptions,
} from './wistia-expiring-token-issuer.js';
export { staticUploadTokenIssuer, type StaticUploadTokenIssuerOptions } from './static-upload-token-issuer.js';
export { createMemoryRateLimiter, type RateLimiter, type RateLimitOptions } from './memory-rate-limiter.js';
export { getNodeRequest, toNodeHandler, type NodeTokenHandler } from './node-adapter.js';
export { redactSecrets } from './redact-secrets.js';
