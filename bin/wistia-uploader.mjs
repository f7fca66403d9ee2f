#!/usr/bin/env node
// `npx wistia-uploader doctor ...`: the package's command line.
import { parseArgs } from 'node:util';
import { runDoctor } from './doctor.mjs';

const USAGE = `Usage: wistia-uploader doctor --origin <site origin> --token-url <url> [options]

Checks, from outside, what the visitors of a site will hit: the token endpoint's answer (docs/token-endpoint.md) and its CORS,
the upload endpoint's CORS preflight for POST with Authorization, and the upload relay if there is one.

  --origin <origin>      the site's origin, e.g. https://www.example.com (required)
  --token-url <url>      the token endpoint the element's token-url points at (required)
  --relay <url>          the upload relay's URL (createUploadRelay), when the site uses one
  --upload               also upload a tiny generated video and read its status (creates a media)
  --project <hashed id>  the project the element uploads into
  --header "Name: value" extra header for the token request, e.g. a session cookie (repeatable)
  --upload-url <url>     Wistia's upload endpoint (default https://upload.wistia.com/)
  --api-url <url>        Wistia's Data API (default https://api.wistia.com)
  --timeout <ms>         per request (default 15000)

Exit code 0 when every check passed, 1 when one did not, 2 for a usage error.`;

function fail(message) {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      origin: { type: 'string' },
      'token-url': { type: 'string' },
      relay: { type: 'string' },
      upload: { type: 'boolean', default: false },
      project: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      'upload-url': { type: 'string', default: 'https://upload.wistia.com/' },
      'api-url': { type: 'string', default: 'https://api.wistia.com' },
      timeout: { type: 'string', default: '15000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals[0] !== 'doctor' || positionals.length > 1) fail('The only command is "doctor".');
if (!values.origin || !values['token-url']) fail('--origin and --token-url are required.');
let origin;
try {
  origin = new URL(values.origin).origin;
} catch {
  fail(`--origin ${values.origin} is not a URL.`);
}
/** @type {Record<string, string>} */
const headers = {};
for (const line of values.header) {
  const at = line.indexOf(':');
  if (at < 1) fail(`--header "${line}" is not "Name: value".`);
  headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
}

const ok = await runDoctor(
  {
    origin,
    tokenUrl: values['token-url'],
    relay: values.relay,
    uploadUrl: values['upload-url'],
    apiUrl: values['api-url'],
    projectId: values.project,
    headers,
    upload: values.upload,
    timeoutMs: Number(values.timeout) || 15000,
  },
  (line) => process.stdout.write(`${line}\n`),
);
process.exit(ok ? 0 : 1);
