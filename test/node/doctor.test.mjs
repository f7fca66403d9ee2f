// `npx wistia-uploader doctor` run as visitors' browsers would meet a site: against the Wistia stand-in (its own
// token endpoint, and the upload relay it hosts), well set up and with each of its misbehaviour switches.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { send } from './relay-helpers.mjs';
import { loadServerBuild, root } from './server-build.mjs';

const ORIGIN = 'https://shop.example';
const run = promisify(execFile);
let standin;

/** Runs the command line as `npx wistia-uploader` would; never rejects. */
async function doctor(...args) {
  try {
    const { stdout } = await run(process.execPath, [join(root, 'bin/wistia-uploader.mjs'), ...args], {
      timeout: 20_000,
    });
    return { code: 0, out: stdout };
  } catch (error) {
    return { code: error.code, out: `${error.stdout}${error.stderr}` };
  }
}

const direct = (...extra) =>
  doctor(
    'doctor',
    '--origin',
    ORIGIN,
    '--token-url',
    `${standin.url}token`,
    '--upload-url',
    `${standin.url}upload/`,
    '--api-url',
    `${standin.url}api`,
    ...extra,
  );
/** The doctor run against the relay at `path` of the stand-in. */
const relayedAt = (path, ...extra) =>
  doctor(
    'doctor',
    '--origin',
    ORIGIN,
    '--token-url',
    `${standin.url}relay-token`,
    '--relay',
    `${standin.url}${path}`,
    ...extra,
  );
const relayed = (...extra) => relayedAt('relay/', ...extra);

const misbehave = (switches) =>
  send(`${standin.url}control/misbehave`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(switches),
  });

before(async () => {
  standin = await startStandinServer({ relayServer: await loadServerBuild() });
});
beforeEach(() => standin.standin.reset());
after(() => standin.close());

describe('doctor', () => {
  it('passes a good setup with Wistia tokens, uploading a tiny video and reading its status', async () => {
    const { code, out } = await direct('--upload');
    assert.equal(code, 0, out);
    assert.match(out, /✓ Upload endpoint: preflight from https:\/\/shop\.example allowed/);
    assert.match(
      out,
      /access-control-allow-headers: Authorization, Content-Type/,
      'prints what the preflight answered',
    );
    assert.match(out, /✓ Status read: media \w+ is queued/);
    assert.match(out, /All checks passed\./);
    const [upload] = standin.standin.records.filter((record) => record.files.length > 0);
    assert.deepEqual(upload.fieldOrder, ['name', 'file']);
  });

  it('passes a good relay setup, and the relay refuses a request without a token', async () => {
    const { code, out } = await relayed('--upload');
    assert.equal(code, 0, out);
    assert.match(out, /gives a relay token, valid for (5\d\d|600) s/);
    assert.match(out, /✓ Relay: refuses a request without a token \(401\)/);
    assert.match(out, /✓ Relay: accepts the token endpoint's token/);
  });

  it('fails a preflight that does not allow Authorization', async () => {
    await misbehave({ preflightWithoutAuthorization: true });
    const { code, out } = await direct();
    assert.equal(code, 1);
    assert.match(out, /✗ Upload endpoint: the preflight does not allow the authorization header/);
    assert.match(out, /access-control-allow-headers: Content-Type/);
  });

  it('flags a Retry-After the page cannot read', async () => {
    await misbehave({ retryAfterHidden: true });
    const { code, out } = await direct();
    assert.equal(code, 1);
    assert.match(out, /! Upload endpoint: Retry-After is not exposed to https:\/\/shop\.example/);
    assert.match(out, /Access-Control-Expose-Headers: Retry-After/);
  });

  it('fails a token endpoint without CORS', async () => {
    await misbehave({ tokenWithoutCors: true });
    const { code, out } = await relayed();
    assert.equal(code, 1);
    assert.match(out, /✗ Token endpoint: the preflight from https:\/\/shop\.example is refused/);
    assert.match(out, /✗ Token endpoint: its answer has no CORS headers/);
  });

  it('fails a relay that checks tokens with another secret, even without --upload', async () => {
    await misbehave({ relayWrongSecret: true });
    const { code, out } = await relayed();
    assert.equal(code, 1);
    assert.match(out, /✗ Relay: refused a token from the token endpoint \(401\)/);
    assert.match(out, /same secret/);
  });

  it('fails an upload the upstream refuses, and a token endpoint that is down', async () => {
    standin.standin.script('upload', [{ pass: true }, { status: 400, body: { error: 'Video limit reached.' } }]);
    const refused = await direct('--upload');
    assert.equal(refused.code, 1);
    assert.match(refused.out, /✗ Upload: answered 400/);
    const down = await doctor(
      'doctor',
      '--origin',
      ORIGIN,
      '--token-url',
      'http://127.0.0.1:9/token',
      '--upload-url',
      `${standin.url}upload/`,
    );
    assert.equal(down.code, 1);
    assert.match(down.out, /✗ Token endpoint: no answer/);
  });

  it('does not pass a token it never tried: without --upload it says so, with --upload it names the token', async () => {
    const wrongToken = { token: 'not-a-token-wistia-knows', expires_at: new Date(Date.now() + 600_000).toISOString() };
    standin.standin.script('token', [
      { status: 200, body: wrongToken },
      { status: 200, body: wrongToken },
    ]);
    const unproved = await direct();
    assert.equal(unproved.code, 0, unproved.out);
    assert.doesNotMatch(unproved.out, /All checks passed/);
    assert.match(unproved.out, /token was not verified: add --upload/);
    const uploaded = await direct('--upload');
    assert.equal(uploaded.code, 1);
    assert.match(uploaded.out, /✗ Upload: answered 401/);
    assert.match(uploaded.out, /Wistia refused the token/);
    assert.doesNotMatch(uploaded.out, /<html|<h1>/i, 'the page is not dumped');
  });

  it('says a token URL that is not there is a path to check, not an answer to fix', async () => {
    const { code, out } = await doctor('doctor', '--origin', ORIGIN, '--token-url', `${standin.url}tokn`);
    assert.equal(code, 1);
    assert.match(out, /✗ Token endpoint: nothing at .*tokn \(404\)/);
    assert.match(out, /Check the path/);
    assert.doesNotMatch(out, /must answer 200/);
  });

  it('says an HTML page from the token endpoint is the wrong route or a login', async () => {
    const page =
      '<!DOCTYPE html><html><body><form action="/login"><input name="csrf" value="c5f1e2d3a4b5c6d7e8f9a0b1c2d3"></form></body></html>';
    standin.standin.script('token', [{ status: 200, contentType: 'text/html; charset=utf-8', body: page }]);
    const { code, out } = await direct();
    assert.equal(code, 1);
    assert.match(out, /✗ Token endpoint: answered 200 with an HTML page, not JSON/);
    assert.match(out, /not the route of createTokenHandler, or the site sent you to its login page/);
    assert.doesNotMatch(out, /c5f1e2d3a4b5c6d7e8f9a0b1c2d3|<form/);
  });

  it('says a relay path that is not there once, instead of four CORS findings', async () => {
    const { code, out } = await relayedAt('relayy/', '--upload');
    assert.equal(code, 1);
    assert.match(out, /✗ Relay: nothing at .*relayy\/ \(404\)/);
    assert.match(out, /Check the --relay path/);
    assert.equal(out.match(/✗/g).length, 1, out);
  });

  it('prints a failed answer only in part, without the tokens or cookies it holds', async () => {
    const leaky = { error: 'Session store down', token: 'tok_live_8f2b1c9d7e6a5f4b', session: 'sess-6d1e0f9a' };
    standin.standin.script('token', [{ status: 500, body: leaky }]);
    const { code, out } = await direct();
    assert.equal(code, 1);
    assert.match(out, /Session store down/);
    assert.doesNotMatch(out, /tok_live_8f2b1c9d7e6a5f4b|sess-6d1e0f9a/);
  });

  it('cites no document outside the repository', async () => {
    for (const file of ['bin/doctor.mjs', 'bin/doctor-http.mjs', 'bin/doctor-token.mjs', 'bin/wistia-uploader.mjs']) {
      assert.doesNotMatch(await readFile(join(root, file), 'utf8'), /SPEC|§/, file);
    }
    assert.doesNotMatch((await doctor('--help')).out, /SPEC|§/);
  });

  it('refuses an unknown misbehaviour switch, so a typo cannot pass silently', async () => {
    const res = await misbehave({ preflightWithoutAuth: true });
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.text).error, /Unknown key/);
  });

  it('never prints the token', async () => {
    const { out } = await relayed('--upload');
    assert.doesNotMatch(out, /wur1\./);
  });

  it('is the command package.json names, so npx finds it', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.bin['wistia-uploader'], './bin/wistia-uploader.mjs');
    assert.match(await readFile(join(root, pkg.bin['wistia-uploader']), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('explains its usage and exits 2 on a usage error', async () => {
    const missing = await doctor('doctor', '--origin', ORIGIN);
    assert.equal(missing.code, 2);
    assert.match(missing.out, /--origin and --token-url are required/);
    assert.match(missing.out, /Usage: wistia-uploader doctor/);
    assert.equal((await doctor('--help')).code, 0);
  });
});
