// `wistia-uploader doctor`: checks from outside what a site's visitors will hit — the token endpoint, the upload
// endpoint's CORS, the relay — and says what to fix. Plain Node, no dependencies.
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';

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

const EXPOSE = 'access-control-expose-headers';

/**
 * One request with full control of its headers (Origin included); never rejects.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: Buffer | string, timeoutMs: number }} init
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string } | { error: string }>}
 */
function request(url, { method = 'GET', headers = {}, body, timeoutMs }) {
  return new Promise((resolve) => {
    let target;
    try {
      target = new URL(url);
    } catch {
      resolve({ error: `${url} is not a valid URL` });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}

/** @param {string} list @param {string} name */
const listHas = (list, name) =>
  list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .includes(name);

/** @param {import('node:http').IncomingHttpHeaders} headers @param {string} origin */
const originAllowed = (headers, origin) => {
  const allowed = headers['access-control-allow-origin'];
  return allowed === origin || allowed === '*';
};

/** The CORS headers of an answer, as lines to print. @param {import('node:http').IncomingHttpHeaders} headers */
const corsLines = (headers) => {
  const lines = Object.entries(headers)
    .filter(([name]) => name.startsWith('access-control-'))
    .map(([name, value]) => `${name}: ${value}`);
  return lines.length > 0 ? lines : ['(no Access-Control-* headers)'];
};

/**
 * A CORS preflight as a browser sends it from `origin`.
 * @param {string} url @param {DoctorOptions} options @param {string} headerList
 */
async function preflight(url, options, headerList) {
  return request(url, {
    method: 'OPTIONS',
    headers: {
      Origin: options.origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': headerList,
    },
    timeoutMs: options.timeoutMs,
  });
}

/**
 * @param {string} what
 * @param {Awaited<ReturnType<typeof preflight>>} res
 * @param {DoctorOptions} options
 * @param {string} [needHeader]
 * @returns {Finding}
 */
function judgePreflight(what, res, options, needHeader) {
  if ('error' in res)
    return { ok: false, text: `${what}: preflight failed (${res.error})`, fix: 'Is the URL right and the server up?' };
  const details = [`answered ${res.status}`, ...corsLines(res.headers)];
  const allowHeaders = String(res.headers['access-control-allow-headers'] ?? '');
  if (res.status < 200 || res.status > 299 || !originAllowed(res.headers, options.origin)) {
    return {
      ok: false,
      text: `${what}: the preflight from ${options.origin} is refused`,
      fix: `Answer OPTIONS with 2xx and Access-Control-Allow-Origin: ${options.origin}.`,
      details,
    };
  }
  if (needHeader && !listHas(allowHeaders, needHeader)) {
    return {
      ok: false,
      text: `${what}: the preflight does not allow the ${needHeader} header, so browsers will not send the upload`,
      fix: `Access-Control-Allow-Headers must list ${needHeader} (a "*" does not cover Authorization).`,
      details,
    };
  }
  return { ok: true, text: `${what}: preflight from ${options.origin} allowed`, details };
}

/** @param {DoctorOptions} options */
async function checkTokenEndpoint(options) {
  /** @type {Finding[]} */
  const findings = [];
  const crossOrigin = new URL(options.tokenUrl).origin !== options.origin;
  if (crossOrigin) {
    const judged = judgePreflight(
      'Token endpoint',
      await preflight(options.tokenUrl, options, 'content-type'),
      options,
    );
    // Its details matter only when it fails; the upload endpoint's are always printed.
    findings.push(judged.ok ? { ...judged, details: undefined } : judged);
  }
  const res = await request(options.tokenUrl, {
    method: 'POST',
    headers: {
      Origin: options.origin,
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...options.headers,
    },
    body: JSON.stringify({ project_id: options.projectId ?? null }),
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res) {
    findings.push({
      ok: false,
      text: `Token endpoint: no answer (${res.error})`,
      fix: 'Is the URL right and the server up?',
    });
    return { findings };
  }
  if (res.status !== 200) {
    const hint =
      res.status === 401 || res.status === 403
        ? 'It refused this caller: pass the session a visitor would have with --header "Cookie: ...".'
        : 'It must answer 200 with {"token", "expires_at"} (SPEC §4).';
    findings.push({
      ok: false,
      text: `Token endpoint: answered ${res.status}`,
      fix: hint,
      details: [res.text.slice(0, 200)],
    });
    return { findings };
  }
  if (crossOrigin && !originAllowed(res.headers, options.origin)) {
    findings.push({
      ok: false,
      text: `Token endpoint: its answer has no CORS headers for ${options.origin}, so the page cannot read the token`,
      fix: `Send Access-Control-Allow-Origin: ${options.origin} (createTokenHandler: allowedOrigins).`,
      details: corsLines(res.headers),
    });
  }
  const grant = parseGrant(res.text);
  findings.push(grant.finding);
  return { findings, token: grant.token };
}

/** @param {string} text @returns {{ finding: Finding, token?: string }} */
function parseGrant(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      finding: { ok: false, text: 'Token endpoint: the answer is not JSON', fix: 'Answer application/json (SPEC §4).' },
    };
  }
  const token =
    typeof body?.token === 'string'
      ? body.token
      : typeof body?.access_token === 'string'
        ? body.access_token
        : undefined;
  if (!token) {
    return {
      finding: {
        ok: false,
        text: 'Token endpoint: no "token" (or "access_token") in the answer',
        fix: 'See SPEC §4 for the two shapes.',
      },
    };
  }
  const kind = token.startsWith('wur1.') ? 'a relay token' : 'a Wistia token';
  let expiresInS;
  if (body.expires_at !== undefined) expiresInS = (Date.parse(body.expires_at) - Date.now()) / 1000;
  else if (body.expires_in !== undefined) expiresInS = Number(body.expires_in);
  if (expiresInS === undefined) {
    const warn = kind === 'a Wistia token';
    return {
      token,
      finding: {
        ok: !warn,
        warn,
        text: `Token endpoint: gives ${kind} without an expiry`,
        fix: warn
          ? 'A Wistia token handed to the browser never expires: prefer the upload relay (docs/relay.md).'
          : undefined,
      },
    };
  }
  if (!Number.isFinite(expiresInS) || expiresInS <= 30) {
    return {
      token,
      finding: {
        ok: false,
        text: 'Token endpoint: the expiry is invalid or already (nearly) past',
        fix: 'expires_at must be ISO 8601 in the future.',
      },
    };
  }
  return { token, finding: { ok: true, text: `Token endpoint: gives ${kind}, valid for ${Math.round(expiresInS)} s` } };
}

/** @param {DoctorOptions} options @param {string} uploadUrl */
async function checkUploadEndpoint(options, uploadUrl) {
  const what = options.relay ? 'Relay' : 'Upload endpoint';
  /** @type {Finding[]} */
  const findings = [
    judgePreflight(what, await preflight(uploadUrl, options, 'authorization'), options, 'authorization'),
  ];
  // A request without a token: Wistia and the relay must refuse it, and still let the page read why.
  const res = await request(uploadUrl, {
    method: 'POST',
    headers: { Origin: options.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res) {
    findings.push({ ok: false, text: `${what}: no answer to a POST (${res.error})` });
    return findings;
  }
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
  return findings;
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
    return [{ ok: false, text: `Upload: answered ${res.status}`, details: [res.text.slice(0, 200)] }];
  }
  /** @type {Finding[]} */
  const findings = [
    { ok: true, text: `Upload: a tiny test video became media ${media.hashed_id} (delete it in Wistia)` },
  ];
  const statusUrl = `${apiUrl.replace(/\/+$/, '')}/v1/medias/${encodeURIComponent(media.hashed_id)}.json`;
  const status = await request(statusUrl, { headers: auth, timeoutMs: options.timeoutMs });
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
  show(await checkUploadEndpoint(options, uploadUrl));
  if (token && options.relay) show([await checkRelayAcceptsToken(options, token)]);
  if (options.upload) {
    if (token) show(await checkUpload(options, token, uploadUrl, apiUrl));
    else show([{ ok: false, text: 'Upload: skipped, no token' }]);
  }
  const problems = findings.filter((finding) => !finding.ok).length;
  write(problems === 0 ? 'All checks passed.' : `${problems} problem${problems === 1 ? '' : 's'} found.`);
  return problems === 0;
}
