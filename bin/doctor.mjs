// `wistia-uploader doctor`: checks from outside what a site's visitors will hit — the token endpoint, the upload
// endpoint's CORS, the relay — and says what to fix. Plain Node, no dependencies.
import { randomBytes } from 'node:crypto';
import { corsLines, excerpt, EXPOSE, isHtml, judgePreflight, listHas, preflight, request } from './doctor-http.mjs';
import { checkTokenEndpoint } from './doctor-token.mjs';

/**
 * @typedef {object} DoctorOptions
 * @property {string} origin the site's origin, as visitors' pages have it
 * @property {string} tokenUrl the token endpoint the element's token-url points at
 * @property {string} [relay] the upload relay's URL (createUploadRelay), if the site uses one
 * @property {string} uploadUrl Wistia's upload endpoint (ignored with a relay)
 * @property {string} apiUrl Wistia's Data API (ignored with a relay)
 * @property {string} [projectId] the project the element uploads into
 * @property {Record<string, string>} headers extra headers for the token request (a session cookie)
 * @property {boolean} upload also upload a tiny generated video and read its status
 * @property {number} timeoutMs per request
 */
/** @typedef {{ ok: boolean, warn?: boolean, text: string, fix?: string, details?: string[] }} Finding */

/**
 * @param {DoctorOptions} options @param {string} uploadUrl
 * @returns {Promise<{ findings: Finding[], found: boolean }>} found: something that may be the endpoint answers
 */
async function checkUploadEndpoint(options, uploadUrl) {
  const what = options.relay ? 'Relay' : 'Upload endpoint';
  // A request without a token: Wistia and the relay must refuse it, and still let the page read why.
  const res = await request(uploadUrl, {
    method: 'POST',
    headers: { Origin: options.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res)
    return { findings: [{ ok: false, text: `${what}: no answer to a POST (${res.error})` }], found: false };
  // Nothing there: one finding about the path, not four about CORS on a page that does not exist.
  if (res.status === 404) {
    const fix = options.relay
      ? 'Check the --relay path: it must be where createUploadRelay is mounted (its basePath), as upload-url is.'
      : "Check --upload-url: it must be Wistia's upload endpoint.";
    return { findings: [{ ok: false, text: `${what}: nothing at ${uploadUrl} (404)`, fix }], found: false };
  }
  /** @type {Finding[]} */
  const findings = [
    judgePreflight(what, await preflight(uploadUrl, options, 'authorization'), options, 'authorization'),
  ];
  if (res.status !== 401) {
    findings.push({
      ok: false,
      text: `${what}: a request without a token was answered ${res.status}, not 401`,
      fix: options.relay
        ? 'The relay must refuse requests without a relay token: is it createUploadRelay?'
        : 'Is this the upload URL?',
    });
  } else findings.push({ ok: true, text: `${what}: refuses a request without a token (401)` });
  if (!listHas(String(res.headers[EXPOSE] ?? ''), 'retry-after')) {
    findings.push({
      ok: false,
      warn: true,
      text: `${what}: Retry-After is not exposed to ${options.origin}`,
      fix: 'Add Access-Control-Expose-Headers: Retry-After, or the element retries a 429/503 on its own schedule.',
      details: corsLines(res.headers),
    });
  }
  return { findings, found: true };
}

/** The relay must accept the endpoint's token: a form without a file gets its 400, a wrong secret a 401. */
async function checkRelayAcceptsToken(options, token) {
  const boundary = `doctor${randomBytes(8).toString('hex')}`;
  const res = await request(/** @type {string} */ (options.relay), {
    method: 'POST',
    headers: {
      Origin: options.origin,
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
    },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\ndoctor\r\n--${boundary}--\r\n`,
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res) return { ok: false, text: `Relay: no answer (${res.error})` };
  if (res.status === 400) return { ok: true, text: "Relay: accepts the token endpoint's token" };
  return {
    ok: false,
    text: `Relay: refused a token from the token endpoint (${res.status})`,
    fix:
      res.status === 401
        ? 'The relay and relayTokenIssuer must use the same secret, and the clocks must agree.'
        : 'Expected a 400 for a form without a file.',
  };
}

/** A few bytes shaped like an MP4 file (an `ftyp` box), enough for an upload to be accepted. */
function tinyVideo() {
  const ftyp = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex');
  return Buffer.concat([ftyp, randomBytes(2048)]);
}

/** @param {DoctorOptions} options @param {string} token @param {string} uploadUrl @param {string} apiUrl */
async function checkUpload(options, token, uploadUrl, apiUrl) {
  const boundary = `doctor${randomBytes(8).toString('hex')}`;
  const field = (name, value) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(
      (options.projectId ? field('project_id', options.projectId) : '') +
        field('name', 'wistia-uploader doctor check') +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doctor-check.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    ),
    tinyVideo(),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const auth = { Origin: options.origin, Authorization: `Bearer ${token}` };
  const res = await request(uploadUrl, {
    method: 'POST',
    headers: {
      ...auth,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(body.length),
    },
    body,
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res) return [{ ok: false, text: `Upload: failed (${res.error})` }];
  let media;
  try {
    media = JSON.parse(res.text);
  } catch {
    media = undefined;
  }
  if (res.status !== 200 || typeof media?.hashed_id !== 'string') {
    return [
      { ok: false, text: `Upload: answered ${res.status}`, fix: uploadFix(options, res), details: [excerpt(res.text)] },
    ];
  }
  /** @type {Finding[]} */
  const findings = [
    { ok: true, text: `Upload: a tiny test video became media ${media.hashed_id} (delete it in Wistia)` },
  ];
  const statusUrl = `${apiUrl.replace(/\/+$/, '')}/v1/medias/${encodeURIComponent(media.hashed_id)}.json`;
  // A relay answers status reads only with the reference its upload answer gave.
  const ref = res.headers['upload-relay-ref'];
  const statusHeaders = typeof ref === 'string' ? { ...auth, 'Upload-Relay-Ref': ref } : auth;
  const status = await request(statusUrl, { headers: statusHeaders, timeoutMs: options.timeoutMs });
  let read;
  try {
    read = 'error' in status ? undefined : JSON.parse(status.text);
  } catch {
    read = undefined;
  }
  if ('error' in status || status.status !== 200 || typeof read?.status !== 'string') {
    findings.push({
      ok: false,
      text: `Status read: ${'error' in status ? status.error : `answered ${status.status}`}`,
      fix: 'wait-for-ready needs a token that may read media; through the relay, a Wistia token with read permission.',
    });
  } else findings.push({ ok: true, text: `Status read: media ${media.hashed_id} is ${read.status}` });
  return findings;
}

/** What to do about a failed upload, from who refused it and how. */
function uploadFix(options, res) {
  if (res.status === 401 && options.relay) {
    return 'The relay refused it: check its secret, or (when its answer names Wistia) the wistiaToken it holds.';
  }
  if (res.status === 401 && isHtml(res)) {
    return 'Wistia refused the token: the token endpoint hands out a token that is wrong, revoked, or may not upload.';
  }
  if (res.status === 404) return `Nothing at ${options.relay ?? options.uploadUrl}: check the path.`;
  return undefined;
}

/**
 * Runs every check and writes a report; resolves with true when all is well.
 * @param {DoctorOptions} options
 * @param {(line: string) => void} write
 */
export async function runDoctor(options, write) {
  const uploadUrl = options.relay ?? options.uploadUrl;
  const apiUrl = options.relay ?? options.apiUrl;
  write(`Checking what visitors of ${options.origin} will hit.`);
  /** @type {Finding[]} */
  const findings = [];
  const show = (/** @type {Finding[]} */ list) => {
    for (const finding of list) {
      findings.push(finding);
      write(`${finding.ok ? '✓' : finding.warn ? '!' : '✗'} ${finding.text}`);
      for (const line of finding.details ?? []) write(`    ${line}`);
      if (finding.fix) write(`    → ${finding.fix}`);
    }
  };
  const token = await checkTokenEndpoint(options).then(({ findings: list, token: value }) => (show(list), value));
  const endpoint = await checkUploadEndpoint(options, uploadUrl);
  show(endpoint.findings);
  if (token && options.relay && endpoint.found) show([await checkRelayAcceptsToken(options, token)]);
  if (options.upload && endpoint.found) {
    if (token) show(await checkUpload(options, token, uploadUrl, apiUrl));
    else show([{ ok: false, text: 'Upload: skipped, no token' }]);
  }
  const problems = findings.filter((finding) => !finding.ok).length;
  if (problems > 0) write(`${problems} problem${problems === 1 ? '' : 's'} found.`);
  // Nothing above proves that Wistia takes the token; only an upload does.
  else if (!options.upload) write('No problems found, but the token was not verified: add --upload to upload with it.');
  else write('All checks passed.');
  return problems === 0;
}
