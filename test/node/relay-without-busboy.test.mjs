// busboy is an optional peer dependency: a relay created where it is not installed says so at once, and every
// upload answers 500 instead of crashing. Run in a child process whose module resolution cannot find busboy.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadServerBuild, root } from './server-build.mjs';

const hideBusboy = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(specifier, context, next) {' +
  '  if (specifier === "busboy") throw Object.assign(new Error("Cannot find package busboy"), { code: "ERR_MODULE_NOT_FOUND" });' +
  '  return next(specifier, context);' +
  '}'));
`)}`;

const script = `
const { createUploadRelay, relayTokenIssuer } = await import(${JSON.stringify(join(root, 'dist/server/index.js'))});
const secret = 'no-busboy-secret-0123456789abcdefghijklmnop';
const errors = [];
const relay = createUploadRelay({ secret, wistiaToken: 'wistia-token-unused', onError: (e) => errors.push(e.message) });
const { token } = await relayTokenIssuer({ secret })({ subject: 'alice' });
const body = '--b\\r\\nContent-Disposition: form-data; name="file"; filename="a.mp4"\\r\\n\\r\\nx\\r\\n--b--\\r\\n';
const res = await relay(new Request('http://site.test/', {
  method: 'POST',
  headers: { authorization: 'Bearer ' + token, 'content-type': 'multipart/form-data; boundary=b' },
  body,
}));
console.log(JSON.stringify({ status: res.status, errors }));
`;

describe('without busboy installed', () => {
  before(loadServerBuild);

  it('tells onError at once to install it, and answers uploads 500', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', hideBusboy, '--input-type=module', '-e', script],
      { cwd: root, timeout: 20_000 },
    );
    const { status, errors } = JSON.parse(stdout);
    assert.equal(status, 500);
    assert.ok(errors.length >= 1);
    assert.ok(
      errors.every((message) => /needs the busboy package.*npm install busboy/.test(message)),
      errors.join('\n'),
    );
  });
});
