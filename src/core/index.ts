/** The headless upload engine: no element, no Lit, no rendering. */
export { createUploader } from './uploader.js';
export { DEFAULT_OPTIONS } from './options.js';
export * from './events.js';
export * from './types.js';
export { matchesAccept } from './file-rules.js';
export { normaliseLink, type NormalisedLink } from './link-rules.js';
export { isSecureEndpoint } from './secure-endpoint.js';
export { mediaEmbedUrl, truncateName, WistiaDefaults } from './wistia-api.js';
export type { Clock, Network, ResumeStore, Runtime, Transport } from './runtime.js';
export { fill, type ErrorMessages, type ErrorReason, type ErrorValues } from './error-text.js';
export { describeError, englishErrors } from './failure-text.js';
