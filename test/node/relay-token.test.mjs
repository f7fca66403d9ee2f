// relayTokenIssuer: the compact, HMAC-SHA-256-signed token the site issues for its own upload relay.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadServerBuild } from './server-build.mjs';
import { SECRET } from './relay-helpers.mjs';

const START = Date.parse('2030-01-01T00:00:00.000Z');

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
before(async () => (lib = await loadServerBuild()));

const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('relayTokenIssuer', () => {
  it('issues a compact token with a 10-minute expiry by default, in whole seconds', async () => {
    const issued = await lib.relayTokenIssuer({ secret: SECRET, now: () => START + 123 })({
      subject: 'user-1',
      projectId: 'abc123',
    });
    assert.match(issued.token, /^wur1\.[\w-]+\.[\w-]{43}$/);
    assert.equal(issued.expiresAt.getTime(), START + 600_000);
    assert.ok(!issued.token.includes(SECRET));
  });

  it('signs subject, project, expiry and byte limit', async () => {
    const issue = lib.relayTokenIssuer({ secret: SECRET, ttlSeconds: 120, maxBytes: 5000, now: () => START });
    assert.deepEqual(claimsOf((await issue({ subject: 'user-1', projectId: 'p1' })).token), {
      s: 'user-1',
      p: 'p1',
      e: START / 1000 + 120,
      b: 5000,
    });
    assert.equal(claimsOf((await issue({ subject: 'user-2' })).token).p, null, 'no project: Wistia’s default only');
  });

  it('gives different signatures for different secrets and claims', async () => {
    const at = (secret, subject) =>
      lib
        .relayTokenIssuer({ secret, now: () => START })({ subject })
        .then(({ token }) => token.split('.')[2]);
    const base = await at(SECRET, 'a');
    assert.equal(await at(SECRET, 'a'), base, 'deterministic for the same claims');
    assert.notEqual(await at(SECRET, 'b'), base);
    assert.notEqual(await at(`${SECRET}x`, 'a'), base);
  });

  it('refuses a short secret, an out-of-range lifetime or byte limit at start-up', () => {
    assert.throws(() => lib.relayTokenIssuer({ secret: 'short' }), /at least 32 characters/);
    assert.throws(() => lib.relayTokenIssuer({ secret: SECRET, ttlSeconds: 10 }), /ttlSeconds/);
    assert.throws(() => lib.relayTokenIssuer({ secret: SECRET, ttlSeconds: 100_000 }), /ttlSeconds/);
    assert.throws(() => lib.relayTokenIssuer({ secret: SECRET, maxBytes: 0 }), /maxBytes/);
    assert.throws(() => lib.createUploadRelay({ secret: 'short', wistiaToken: 'x' }), /at least 32 characters/);
    assert.throws(() => lib.createUploadRelay({ secret: SECRET }), /wistiaToken/);
    assert.throws(
      () => lib.createUploadRelay({ secret: SECRET, wistiaToken: 'x', uploadUrl: 'http://example.com/' }),
      /https/,
    );
  });

  it('serves createTokenHandler as any issuer does', async () => {
    const handler = lib.createTokenHandler({
      authorize: () => ({ subject: 'user-7' }),
      issuer: lib.relayTokenIssuer({ secret: SECRET, now: () => START }),
      now: () => START,
    });
    const res = await handler(
      new Request('http://site.test/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"project_id":"proj1"}',
      }),
    );
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.equal(body.expires_at, new Date(START + 600_000).toISOString());
    assert.equal(claimsOf(body.token).p, 'proj1');
  });
});
