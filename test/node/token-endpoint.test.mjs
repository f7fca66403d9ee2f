// The token endpoint as a site's backend runs it: the compiled dist/server build, a fake of
// Wistia's POST /modern/expiring_token on 127.0.0.1, and a real Node http server for the adapter.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadServerBuild } from './server-build.mjs';

const API_TOKEN = 'server-api-token-7f3a9c1e55';
const EXPIRING_TOKEN = 'expiring-token-b81d20aa';
const UPLOAD_TOKEN = 'upload-only-token-44e0c7';
const OAUTH_SECRET = 'oauth-client-secret-9d1f';
const REFRESH_TOKEN = 'oauth-refresh-token-0c2b';
const SECRETS = [API_TOKEN, EXPIRING_TOKEN, UPLOAD_TOKEN, OAUTH_SECRET, REFRESH_TOKEN];
const START = Date.parse('2030-01-01T00:00:00.000Z');

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let clock = START;
const now = () => clock;

// Every console call made while the suite runs, to prove the endpoint writes nothing.
const consoleCalls = [];
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];
const originalConsole = Object.fromEntries(consoleMethods.map((name) => [name, console[name]]));

// --- a fake of Wistia's expiring_token endpoint ------------------------------------------------
let wistia;
let wistiaUrl;
let wistiaMode = 'ok';
const wistiaRequests = [];

const wistiaAnswers = {
  ok: [200, 'application/json', JSON.stringify({ token: EXPIRING_TOKEN })],
  401: [401, 'application/json', JSON.stringify({ error: 'Invalid credentials.' })],
  422: [422, 'application/json', JSON.stringify({ errors: ['Expires at is invalid', 'Upstream detail 4711'] })],
  500: [500, 'application/json', JSON.stringify({ error: 'Internal server error' })],
  501: [
    501,
    'application/json',
    JSON.stringify({ error: 'Expiring tokens can only be created from non-expiring access tokens.' }),
  ],
  html: [200, 'text/html', '<!doctype html><html><body>Maintenance page 4711</body></html>'],
  html502: [502, 'text/html', '<html><body>Bad gateway page 4711</body></html>'],
  noToken: [200, 'application/json', JSON.stringify({ something: 'else' })],
};

function startFakeWistia() {
  return new Promise((resolve) => {
    wistia = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        wistiaRequests.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (wistiaMode === 'hang') return; // never answers: the issuer's deadline must end the wait
        if (wistiaMode === 'echoToken') {
          // A careless upstream that repeats the credential it was sent (without "Bearer", so only the
          // issuer's knowledge of its own secret can catch it).
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: `Invalid credentials (${req.headers.authorization.slice(7)})` }));
          return;
        }
        const [status, type, text] = wistiaAnswers[wistiaMode];
        res.writeHead(status, { 'content-type': type });
        res.end(text);
      });
    });
    wistia.listen(0, '127.0.0.1', () => {
      wistiaUrl = `http://127.0.0.1:${wistia.address().port}/modern`;
      resolve();
    });
  });
}

// --- helpers ------------------------------------------------------------------------------------
function tokenRequest(body, { method = 'POST', headers = {} } = {}) {
  const init = { method, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } };
  if (method !== 'GET' && method !== 'HEAD' && body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return new Request('http://app.example/wistia-token', init);
}

async function readJson(response) {
  const text = await response.text();
  for (const secret of [API_TOKEN, OAUTH_SECRET, REFRESH_TOKEN]) {
    assert.ok(!text.includes(secret), `an answer leaked a server secret: ${text}`);
  }
  return JSON.parse(text);
}

function assertNoSecrets(value, label) {
  const text = typeof value === 'string' ? value : `${value?.message}\n${value?.stack}\n${JSON.stringify(value)}`;
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${label} contains a secret: ${text}`);
}

function staticHandler(overrides = {}) {
  return lib.createTokenHandler({
    authorize: () => ({ subject: 'user-1' }),
    issuer: lib.staticUploadTokenIssuer({ token: UPLOAD_TOKEN, ttlSeconds: 600, now }),
    now,
    ...overrides,
  });
}

function wistiaHandler(errors, issuerOptions = {}) {
  return lib.createTokenHandler({
    authorize: () => ({ subject: 'user-1' }),
    issuer: lib.wistiaExpiringTokenIssuer({ apiToken: API_TOKEN, apiUrl: wistiaUrl, now, ...issuerOptions }),
    onError: (error) => errors.push(error),
    now,
  });
}

before(async () => {
  lib = await loadServerBuild();
  for (const name of consoleMethods) console[name] = (...args) => consoleCalls.push({ name, args });
  await startFakeWistia();
});

after(() => {
  for (const name of consoleMethods) console[name] = originalConsole[name];
  wistia.closeAllConnections();
  wistia.close();
});

beforeEach(() => {
  clock = START;
  wistiaMode = 'ok';
  wistiaRequests.length = 0;
});

// --- the protocol -------------------------------------------------------------------------------
describe('token endpoint protocol', () => {
  it('answers POST {"project_id": null} with 200 {token, expires_at} and Cache-Control: no-store', async () => {
    const response = await staticHandler()(tokenRequest({ project_id: null }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await response.json(), { token: UPLOAD_TOKEN, expires_at: '2030-01-01T00:10:00.000Z' });
  });

  it('passes the project id to authorize and the project id and subject to the issuer', async () => {
    const seen = [];
    const handler = lib.createTokenHandler({
      authorize: async (request, context) => {
        seen.push(['authorize', request.headers.get('cookie'), context]);
        return { subject: 'user-42' };
      },
      issuer: async (context) => {
        seen.push(['issuer', context]);
        return { token: 'tok-for-project' };
      },
    });
    const response = await handler(tokenRequest({ project_id: 'abc123xyz' }, { headers: { cookie: 'session=s1' } }));
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [
      ['authorize', 'session=s1', { projectId: 'abc123xyz' }],
      ['issuer', { projectId: 'abc123xyz', subject: 'user-42' }],
    ]);
  });

  it('leaves out expires_at when the issuer gives no expiry (the element then reuses the token until a 401)', async () => {
    const handler = staticHandler({ issuer: lib.staticUploadTokenIssuer({ token: UPLOAD_TOKEN }) });
    assert.deepEqual(await (await handler(tokenRequest({ project_id: null }))).json(), { token: UPLOAD_TOKEN });
  });

  it('treats a missing project_id like null', async () => {
    const calls = [];
    const handler = staticHandler({ authorize: (_r, context) => (calls.push(context), { subject: 's' }) });
    assert.equal((await handler(tokenRequest({}))).status, 200);
    assert.deepEqual(calls, [{ projectId: null }]);
  });

  it('answers 405 with Allow: POST to other methods, and to OPTIONS when no origins are allowed', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await staticHandler()(tokenRequest(undefined, { method }));
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await response.json(), { error: 'Use POST to request an upload token.' });
    }
  });

  it('answers 400 to a body that is not {"project_id": string|null}', async () => {
    const bodies = [
      'not json',
      '',
      '[]',
      'null',
      '"abc"',
      '{"project_id": 12}',
      '{"project_id": ""}',
      '{"project_id": "../../etc"}',
      '{"project_id": {"$ne": 1}}',
    ];
    for (const body of bodies) {
      const response = await staticHandler()(tokenRequest(body));
      assert.equal(response.status, 400, `body ${body}`);
      const json = await response.json();
      assert.equal(typeof json.error, 'string');
      assert.ok(!JSON.stringify(json).includes(UPLOAD_TOKEN));
    }
  });

  it('answers 415 when the body is not sent as application/json (so cross-site forms cannot post it)', async () => {
    const response = await staticHandler()(
      tokenRequest('{"project_id":null}', { headers: { 'content-type': 'text/plain' } }),
    );
    assert.equal(response.status, 415);
    assert.deepEqual(await response.json(), { error: 'Send the request body as application/json.' });
  });

  it('answers 413 to a body larger than 4 KB without reading all of it', { timeout: 5000 }, async () => {
    let pulled = 0;
    const huge = new ReadableStream({
      pull(controller) {
        if (pulled === 1024) return controller.close(); // 1 MB
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
      },
    });
    const request = new Request('http://app.example/wistia-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
      duplex: 'half',
    });
    const response = await staticHandler()(request);
    assert.equal(response.status, 413);
    assert.ok(pulled < 20, `read ${pulled} KB of an endless body`);
  });

  it('refuses an issuer answer without a token, or already expired, with 502', async () => {
    for (const issued of [
      {},
      { token: '' },
      { token: 'x', expiresAt: new Date(START - 1) },
      { token: 'x', expiresAt: new Date('nope') },
    ]) {
      const errors = [];
      const handler = staticHandler({ issuer: async () => issued, onError: (e) => errors.push(e) });
      const response = await handler(tokenRequest({ project_id: null }));
      assert.equal(response.status, 502);
      assert.deepEqual(await response.json(), { error: 'Could not get an upload token.' });
      assert.equal(errors.length, 1);
    }
  });
});

// --- who may upload -----------------------------------------------------------------------------
describe('authorize', () => {
  it('answers 403 and never calls the issuer when authorize says false', async () => {
    let issued = 0;
    const handler = lib.createTokenHandler({
      authorize: async () => false,
      issuer: async () => (issued++, { token: 't' }),
    });
    const response = await handler(tokenRequest({ project_id: null }));
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { error: 'You are not allowed to upload videos.' });
    assert.equal(issued, 0);
  });

  it('answers 403 for a project outside projectIds, and for no project when projectIds is set', async () => {
    const handler = staticHandler({ authorize: () => ({ subject: 'u', projectIds: ['proj1'] }) });
    assert.equal((await handler(tokenRequest({ project_id: 'proj1' }))).status, 200);
    const other = await handler(tokenRequest({ project_id: 'proj2' }));
    assert.equal(other.status, 403);
    assert.deepEqual(await other.json(), { error: 'You are not allowed to upload to this project.' });
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 403);
  });

  it('answers 500 with a safe message when authorize throws, and reports the error without secrets', async () => {
    const errors = [];
    const handler = staticHandler({
      authorize: () => {
        throw new Error(`session store refused Bearer ${API_TOKEN}`);
      },
      onError: (error) => errors.push(error),
    });
    const response = await handler(tokenRequest({ project_id: null }));
    assert.equal(response.status, 500);
    assert.deepEqual(await readJson(response), { error: 'Could not check whether you may upload. Try again later.' });
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /session store refused Bearer \[redacted\]/);
    assertNoSecrets(errors[0], 'reported error');
  });

  it('answers 500 when authorize returns something that is not a decision', async () => {
    for (const result of [undefined, {}, { subject: '' }, 'yes']) {
      const response = await staticHandler({ authorize: () => result })(tokenRequest({ project_id: null }));
      assert.equal(response.status, 500, JSON.stringify(result));
    }
  });

  it('refuses to start without authorize or issuer', () => {
    assert.throws(() => lib.createTokenHandler({ issuer: async () => ({ token: 't' }) }), TypeError);
    assert.throws(() => lib.createTokenHandler({ authorize: () => true }), TypeError);
  });
});

// --- rate limit ---------------------------------------------------------------------------------
describe('rate limit', () => {
  it('allows 10 tokens per minute per subject by default, then answers 429 with Retry-After', async () => {
    const handler = staticHandler();
    for (let i = 0; i < 10; i += 1)
      assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200, `request ${i + 1}`);
    const limited = await handler(tokenRequest({ project_id: null }));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '6');
    assert.deepEqual(await limited.json(), { error: 'Too many upload token requests. Try again in 6 s.' });

    clock += 6000; // one token refilled
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 429);
  });

  it('counts each subject separately', async () => {
    let subject = 'alice';
    const handler = staticHandler({ authorize: () => ({ subject }), rateLimit: { limit: 1, windowMs: 1000 } });
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 429);
    subject = 'bob';
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
  });

  it('puts every caller admitted with plain true into one shared bucket', async () => {
    const handler = staticHandler({ authorize: () => true, rateLimit: { limit: 2, windowMs: 60_000 } });
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
    const limited = await handler(tokenRequest({ project_id: null }));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '30');
  });

  it('accepts a custom limiter and can be turned off', async () => {
    const taken = [];
    const custom = staticHandler({ rateLimit: { take: async (subject, ms) => (taken.push([subject, ms]), 2500) } });
    const limited = await custom(tokenRequest({ project_id: null }));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.deepEqual(taken, [['user-1', START]]);

    const unlimited = staticHandler({ rateLimit: false });
    for (let i = 0; i < 30; i += 1) assert.equal((await unlimited(tokenRequest({ project_id: null }))).status, 200);
  });

  it("does not spend a caller's tokens on refused requests", async () => {
    let allowed = false;
    const handler = staticHandler({ authorize: () => allowed && { subject: 'u' }, rateLimit: { limit: 1 } });
    for (let i = 0; i < 5; i += 1) assert.equal((await handler(tokenRequest({ project_id: null }))).status, 403);
    allowed = true;
    assert.equal((await handler(tokenRequest({ project_id: null }))).status, 200);
  });
});

// --- cross-origin -------------------------------------------------------------------------------
describe('allowed origins', () => {
  const corsHandler = () => staticHandler({ allowedOrigins: ['https://app.example.com'] });

  it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
    const response = await corsHandler()(
      tokenRequest(undefined, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-csrf-token',
        },
      }),
    );
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type, x-csrf-token');
    assert.match(response.headers.get('vary'), /Origin/);
  });

  it('refuses a preflight from any other origin and gives it no CORS headers', async () => {
    const response = await corsHandler()(
      tokenRequest(undefined, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('adds CORS headers to answers for allowed origins only', async () => {
    const allowed = await corsHandler()(
      tokenRequest({ project_id: null }, { headers: { origin: 'https://app.example.com' } }),
    );
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'Retry-After');

    const other = await corsHandler()(
      tokenRequest({ project_id: null }, { headers: { origin: 'https://evil.example' } }),
    );
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.headers.get('vary'), 'Origin');

    const refused = await corsHandler()(tokenRequest('nope', { headers: { origin: 'https://app.example.com' } }));
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://app.example.com');
  });

  it('refuses wildcards and anything that is not an exact origin at start-up', () => {
    for (const origin of ['*', 'https://app.example.com/path', 'app.example.com', 'null']) {
      assert.throws(() => staticHandler({ allowedOrigins: [origin] }), TypeError, origin);
    }
  });
});

// --- Wistia's expiring token --------------------------------------------------------------------
describe('wistiaExpiringTokenIssuer', () => {
  it('asks POST {apiUrl}/expiring_token with the API token and expires_at, and answers with the new token', async () => {
    const errors = [];
    const response = await wistiaHandler(errors, { ttlSeconds: 900 })(tokenRequest({ project_id: null }));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { token: EXPIRING_TOKEN, expires_at: '2030-01-01T00:15:00.000Z' });
    assert.equal(wistiaRequests.length, 1);
    const [sent] = wistiaRequests;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/modern/expiring_token');
    assert.equal(sent.headers.authorization, `Bearer ${API_TOKEN}`);
    assert.match(sent.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(sent.body), { expiring_access_token: { expires_at: '2030-01-01T00:15:00.000Z' } });
    assert.deepEqual(errors, []);
  });

  it('defaults to a ten-minute token', async () => {
    const response = await wistiaHandler([])(tokenRequest({ project_id: 'proj1' }));
    assert.equal((await response.json()).expires_at, '2030-01-01T00:10:00.000Z');
  });

  const failures = [
    ['401', 'upstream_unauthorized', 401, /refused the API token \(HTTP 401\).*Invalid credentials/],
    ['422', 'upstream_rejected', 422, /invalid \(HTTP 422\).*Expires at is invalid/],
    ['500', 'upstream_error', 500, /failed while creating an expiring token \(HTTP 500\)/],
    ['501', 'upstream_not_implemented', 501, /use a permanent API token/],
    ['html', 'upstream_invalid_response', 200, /not JSON \(content-type text\/html\)/],
    ['noToken', 'upstream_invalid_response', 200, /JSON without a token/],
    ['html502', 'upstream_error', 502, /HTTP 502/],
  ];
  for (const [mode, reason, status, message] of failures) {
    it(`answers 502 with a safe message when Wistia answers ${mode}, and reports ${reason}`, async () => {
      wistiaMode = mode;
      const errors = [];
      const response = await wistiaHandler(errors)(tokenRequest({ project_id: null }));
      assert.equal(response.status, 502);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = await readJson(response);
      assert.deepEqual(body, { error: 'Could not get an upload token from Wistia.' });
      assert.equal(errors.length, 1);
      const [error] = errors;
      assert.equal(error.name, 'TokenIssuerError');
      assert.equal(error.reason, reason);
      assert.equal(error.status, status);
      assert.match(error.message, message);
      assertNoSecrets(error, 'reported error');
    });
  }

  it('never passes an upstream page through verbatim', async () => {
    for (const mode of ['html', 'html502']) {
      wistiaMode = mode;
      const errors = [];
      const response = await wistiaHandler(errors)(tokenRequest({ project_id: null }));
      assert.ok(!(await response.text()).includes('4711'));
      assert.ok(!errors[0].message.includes('4711'), errors[0].message);
    }
  });

  // Wistia never answers here: an answer at all shows the handler gave up (the test's timeout bounds a hang).
  it('gives up after timeoutMs when Wistia does not answer', { timeout: 60_000 }, async () => {
    wistiaMode = 'hang';
    const errors = [];
    const response = await wistiaHandler(errors, { timeoutMs: 150 })(tokenRequest({ project_id: null }));
    assert.equal(response.status, 502);
    assert.deepEqual(await readJson(response), { error: 'Could not get an upload token from Wistia.' });
    assert.equal(errors[0].reason, 'upstream_timeout');
    assert.equal(errors[0].retryable, true);
  });

  it('reports an unreachable Wistia as upstream_unreachable', async () => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    const errors = [];
    const response = await wistiaHandler(errors, { apiUrl: `http://127.0.0.1:${port}/modern` })(
      tokenRequest({ project_id: null }),
    );
    assert.equal(response.status, 502);
    assert.equal(errors[0].reason, 'upstream_unreachable');
    assert.match(errors[0].message, /ECONNREFUSED/);
  });

  it('removes the API token from errors even when Wistia echoes it back', async () => {
    wistiaMode = 'echoToken';
    const errors = [];
    const response = await wistiaHandler(errors)(tokenRequest({ project_id: null }));
    assert.equal(response.status, 502);
    await readJson(response);
    assert.match(errors[0].message, /\[redacted\]/);
    assertNoSecrets(errors[0], 'reported error');
  });

  it('also works without onError, and with a fetch of your own', async () => {
    const calls = [];
    const issuer = lib.wistiaExpiringTokenIssuer({
      apiToken: API_TOKEN,
      now,
      fetch: async (url, init) => (calls.push([url, init.method]), Response.json({ token: 'from-custom-fetch' })),
    });
    assert.deepEqual(await issuer({ subject: 's' }), {
      token: 'from-custom-fetch',
      expiresAt: new Date(START + 600_000),
    });
    assert.deepEqual(calls, [['https://api.wistia.com/modern/expiring_token', 'POST']]);
  });

  it('refuses unsafe or impossible options at start-up', () => {
    assert.throws(() => lib.wistiaExpiringTokenIssuer({ apiToken: '' }), TypeError);
    assert.throws(
      () => lib.wistiaExpiringTokenIssuer({ apiToken: API_TOKEN, apiUrl: 'http://api.wistia.com/modern' }),
      TypeError,
    );
    assert.throws(() => lib.wistiaExpiringTokenIssuer({ apiToken: API_TOKEN, ttlSeconds: 10 }), RangeError);
    assert.throws(() => lib.wistiaExpiringTokenIssuer({ apiToken: API_TOKEN, ttlSeconds: 3 * 86400 }), RangeError);
    try {
      lib.wistiaExpiringTokenIssuer({ apiToken: API_TOKEN, apiUrl: 'http://example.com' });
    } catch (error) {
      assertNoSecrets(error, 'option error');
    }
  });
});

// --- the server-held upload token ---------------------------------------------------------------
describe('staticUploadTokenIssuer', () => {
  it('hands out the same token, with expires_at only when ttlSeconds is set', async () => {
    assert.deepEqual(await lib.staticUploadTokenIssuer({ token: UPLOAD_TOKEN })({ subject: 's' }), {
      token: UPLOAD_TOKEN,
    });
    assert.deepEqual(
      await lib.staticUploadTokenIssuer({ token: UPLOAD_TOKEN, ttlSeconds: 120, now })({ subject: 's' }),
      {
        token: UPLOAD_TOKEN,
        expiresAt: new Date(START + 120_000),
      },
    );
  });

  it('refuses an empty token or a tiny ttl at start-up', () => {
    assert.throws(() => lib.staticUploadTokenIssuer({ token: ' ' }), TypeError);
    assert.throws(() => lib.staticUploadTokenIssuer({ token: UPLOAD_TOKEN, ttlSeconds: 5 }), RangeError);
  });
});

// --- the documented custom issuer: OAuth2 -------------------------------------------------------
describe('OAuth issuer example', () => {
  let oauth;
  let oauthUrl;
  let oauthAnswer;
  const oauthRequests = [];

  before(async () => {
    oauth = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        oauthRequests.push(new URLSearchParams(body));
        const [status, json] = oauthAnswer();
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        }, 20);
      });
    });
    await new Promise((resolve) => oauth.listen(0, '127.0.0.1', resolve));
    oauthUrl = `http://127.0.0.1:${oauth.address().port}/oauth/token`;
  });
  after(() => {
    oauth.closeAllConnections();
    oauth.close();
  });
  beforeEach(() => {
    oauthRequests.length = 0;
  });

  async function oauthHandler(errors = [], rotated = []) {
    const { oauthAccessTokenIssuer } = await import('../../dist/server/examples/oauth-issuer.js');
    return lib.createTokenHandler({
      authorize: () => ({ subject: 'u' }),
      issuer: oauthAccessTokenIssuer({
        tokenUrl: oauthUrl,
        clientId: 'client-1',
        clientSecret: OAUTH_SECRET,
        refreshToken: REFRESH_TOKEN,
        onRefreshTokenRotated: (token) => rotated.push(token),
        now,
      }),
      onError: (error) => errors.push(error),
      now,
    });
  }

  it('turns an OAuth answer {access_token, expires_in} into {token, expires_at}, shared and cached', async () => {
    oauthAnswer = () => [
      200,
      { access_token: 'oauth-access-1', token_type: 'bearer', expires_in: 3600, refresh_token: 'rotated-1' },
    ];
    const rotated = [];
    const handler = await oauthHandler([], rotated);
    const answers = await Promise.all([1, 2, 3].map(() => handler(tokenRequest({ project_id: null }))));
    for (const response of answers) {
      assert.deepEqual(await response.json(), { token: 'oauth-access-1', expires_at: '2030-01-01T01:00:00.000Z' });
    }
    assert.equal(oauthRequests.length, 1, 'concurrent requests share one refresh');
    assert.equal(oauthRequests[0].get('grant_type'), 'refresh_token');
    assert.equal(oauthRequests[0].get('refresh_token'), REFRESH_TOKEN);
    assert.deepEqual(rotated, ['rotated-1']);

    clock += 3600_000 - 60_000; // under two minutes left: refresh with the rotated refresh token
    await handler(tokenRequest({ project_id: null }));
    assert.equal(oauthRequests.length, 2);
    assert.equal(oauthRequests[1].get('refresh_token'), 'rotated-1');
  });

  it('answers 502 when the OAuth server refuses, without leaking the client secret', async () => {
    oauthAnswer = () => [400, { error: 'invalid_grant' }];
    const errors = [];
    const response = await (await oauthHandler(errors))(tokenRequest({ project_id: null }));
    assert.equal(response.status, 502);
    assert.deepEqual(await readJson(response), { error: 'Could not get an upload token from Wistia.' });
    assert.match(errors[0].message, /HTTP 400/);
    assertNoSecrets(errors[0], 'reported error');
  });
});

// --- Node http / Express adapter ----------------------------------------------------------------
describe('toNodeHandler', () => {
  let app;
  let appUrl;
  let parseFirst = false;

  before(async () => {
    const tokenRoute = lib.toNodeHandler(staticHandler({ rateLimit: false }));
    app = http.createServer((req, res) => {
      if (!parseFirst) return void tokenRoute(req, res);
      // What express.json() does: read the stream, then leave the parsed object on req.body.
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        req.body = JSON.parse(text);
        void tokenRoute(req, res);
      });
    });
    await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${app.address().port}/wistia-token`;
  });
  after(() => {
    app.closeAllConnections();
    app.close();
  });
  beforeEach(() => {
    parseFirst = false;
  });

  const post = (body, headers = { 'content-type': 'application/json' }) =>
    fetch(appUrl, { method: 'POST', headers, body });

  it('answers the protocol over a real http server', async () => {
    const response = await post('{"project_id":"abc123"}');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { token: UPLOAD_TOKEN, expires_at: '2030-01-01T00:10:00.000Z' });
  });

  it('works after a body parser such as express.json() already read the body', async () => {
    parseFirst = true;
    const response = await post('{"project_id":null}');
    assert.equal(response.status, 200);
    assert.equal((await response.json()).token, UPLOAD_TOKEN);
  });

  it("lets authorize see the Node request and what the site's middleware put on it", async () => {
    const seen = [];
    const route = lib.toNodeHandler(
      lib.createTokenHandler({
        authorize: (request) => {
          const req = lib.getNodeRequest(request);
          seen.push(req?.user);
          return req?.user ? { subject: req.user.id } : false;
        },
        issuer: async ({ subject }) => ({ token: `token-for-${subject}` }),
      }),
    );
    const server = http.createServer((req, res) => {
      // What a session middleware does before the route runs.
      if (req.headers.cookie === 'session=alice') req.user = { id: 'alice' };
      void route(req, res);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/`;
    try {
      const headers = { 'content-type': 'application/json' };
      const alice = await fetch(url, { method: 'POST', headers: { ...headers, cookie: 'session=alice' }, body: '{}' });
      assert.deepEqual(await alice.json(), { token: 'token-for-alice' });
      const stranger = await fetch(url, { method: 'POST', headers, body: '{}' });
      assert.equal(stranger.status, 403);
      assert.deepEqual(seen, [{ id: 'alice' }, undefined]);
      assert.equal(lib.getNodeRequest(new Request('http://x/')), undefined);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('passes refusals through with their status and headers', async () => {
    const get = await fetch(appUrl);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await post('{"project_id": 5}')).status, 400);
  });

  it('answers 413 to an oversized body and stays up', async () => {
    const response = await post(`{"project_id": null, "pad": "${'x'.repeat(200_000)}"}`);
    assert.equal(response.status, 413);
    assert.equal((await post('{"project_id":null}')).status, 200);
  });

  it('answers 413 to a long chunked body (no Content-Length) before it ends', { timeout: 10_000 }, async () => {
    const chunks = 3000; // 3 MB, sent slowly: far more than the 4 KB limit
    let sent = 0;
    let answered = false;
    const { status, body } = await new Promise((resolve, reject) => {
      const request = http.request(
        appUrl,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (response) => {
          answered = true;
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            request.destroy(); // stop uploading the rest
            resolve({ status: response.statusCode, body: text });
          });
        },
      );
      request.on('error', (error) => answered || reject(error));
      const pump = () => {
        if (answered) return;
        if (sent === chunks) return void request.end();
        sent += 1;
        request.write(' '.repeat(1024));
        setTimeout(pump, 1);
      };
      pump();
    });
    assert.equal(status, 413);
    assert.deepEqual(JSON.parse(body), { error: 'The request body is too large.' });
    assert.ok(sent < chunks, `the server waited for the whole body (${sent} KB)`);
  });
});

// Last, because it checks what everything above did.
describe('console', () => {
  it('wrote nothing at all to the console during the whole suite', () => {
    assert.deepEqual(consoleCalls, []);
  });
});
