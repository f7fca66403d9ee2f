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
const relayed = (...extra) =>
  doctor(
    'doctor',
    '--origin',
    ORIGIN,
    '--token-url',
    `${standin.url}relay-token`,
    '--relay',
    `${standin.url}relay/`,
    ...extra,
  );

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
