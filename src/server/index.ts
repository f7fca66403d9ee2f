/**
 * For the site's backend: the token endpoint `<wistia-uploader token-url="...">` asks (docs/token-endpoint.md), and the
 * upload relay that keeps every Wistia credential on the server. No dependencies of its own: the relay loads the
 * optional `busboy` package to read forms, the Redis rate limiter the optional `redis` package, resumable uploads the
 * optional `@tus/*` packages, each only when used.
 * Runs on Node ≥ 20 and any Fetch API runtime (the relay where `busboy` runs: Node, or a runtime with Node streams).
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
export {
  createRedisRateLimiter,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RedisScriptClient,
} from './redis-rate-limiter.js';
export { relayTokenIssuer, type RelayTokenIssuerOptions } from './relay-token.js';
export { createUploadRelay, type UploadRelay, type UploadRelayOptions } from './upload-relay.js';
export type { ResumableOptions, ResumableS3Options } from './resumable/resumable-options.js';
export { getNodeRequest, toNodeHandler, type NodeTokenHandler } from './node-adapter.js';
export { redactSecrets } from './redact-secrets.js';
