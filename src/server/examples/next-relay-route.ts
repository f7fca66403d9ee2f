// Example Next.js route handler (App Router) for the upload relay: save as
// `app/api/wistia-relay/[[...path]]/route.ts` and import from 'wistia-uploader/server' instead of '../index.js'.
// The element then takes upload-url="/api/wistia-relay/", s3-copy-url="/api/wistia-relay/s3_copy" and
// api-url="/api/wistia-relay"; its token-url points at a createTokenHandler route with relayTokenIssuer.

import { createUploadRelay } from '../index.js';

/** The relay streams request bodies on, which needs the Node.js runtime's streaming fetch. */
export const runtime = 'nodejs';
/** Never cached: every answer depends on the caller's token. */
export const dynamic = 'force-dynamic';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Set ${name} in the server's environment.`);
  return value;
}

const relay = createUploadRelay({
  // The same secret the token route's relayTokenIssuer signs with.
  secret: required('WISTIA_RELAY_SECRET'),
  // A Wistia API token with upload and read permission; it stays on the server.
  wistiaToken: required('WISTIA_API_TOKEN'),
  basePath: '/api/wistia-relay',
  // Only for trying it against a local stand-in; leave unset in production.
  ...(process.env['WISTIA_UPLOAD_URL'] ? { uploadUrl: process.env['WISTIA_UPLOAD_URL'] } : {}),
  ...(process.env['WISTIA_API_URL'] ? { apiUrl: process.env['WISTIA_API_URL'] } : {}),
  onError: (error) => console.error(`[wistia relay] ${error.message}`),
});

export const GET = relay;
export const POST = relay;
export const OPTIONS = relay;
