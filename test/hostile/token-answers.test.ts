import { expect } from '@open-wc/testing';
import { createUploader, EventName, type Uploader, type UploadError } from '../../src/core/index.js';
import { makeFile, next, record, settled, stubTokenEndpoint } from '../helpers/core-fixtures.js';
import { standin, STANDIN, type ScriptedAnswer } from '../helpers/standin.js';

const HTML = 'text/html; charset=utf-8';
// Just under what the stand-in's control route takes; far larger bodies go through a stubbed fetch below.
const huge = 'x'.repeat(900 * 1024);

/** What a broken or hijacked token endpoint may answer, and the error each must end in. */
const ANSWERS: [string, ScriptedAnswer, Partial<UploadError>][] = [
  [
    'a login page (HTML, 200)',
    { status: 200, body: '<!doctype html><title>Sign in</title><form></form>', contentType: HTML },
    { retryable: false },
  ],
  ['an empty 200', { status: 200, body: '' }, { retryable: false }],
  ['JSON null', { status: 200, body: 'null', contentType: 'application/json' }, { retryable: false }],
  ['a JSON array', { status: 200, body: '["token"]', contentType: 'application/json' }, { retryable: false }],
  ['an object without a token', { status: 200, body: { expires_at: '2030-01-01T00:00:00Z' } }, { retryable: false }],
  ['a numeric token', { status: 200, body: { token: 1234567890 } }, { retryable: false }],
  [
    'an object as access_token',
    { status: 200, body: { access_token: { value: 'abc' }, expires_in: 3600 } },
    { retryable: false },
  ],
  ['an empty token', { status: 200, body: { token: '' } }, { retryable: false }],
  [
    'a token that would inject a header',
    { status: 200, body: { token: 'abc\r\nX-Injected: 1' } },
    { retryable: false },
  ],
  ['a token with characters no header can carry', { status: 200, body: { token: 'jeton-🎬' } }, { retryable: false }],
  ['900 KB of JSON without a token', { status: 200, body: { padding: huge } }, { retryable: false }],
  [
    'a 900 KB HTML error page (502)',
    { status: 502, body: `<html>${huge}</html>`, contentType: HTML },
    { status: 502, retryable: true },
  ],
  [
    'a 403 with a JSON reason',
    { status: 403, body: { error: 'Sign in to upload videos.' } },
    { status: 403, message: 'Sign in to upload videos.' },
  ],
  [
    'a 500 with a nested reason',
    { status: 500, body: { error: { message: 'Token service is down.' } } },
    { status: 500, message: 'Token service is down.', retryable: true },
  ],
];

describe('hostile token endpoint answers', () => {
  let uploader: Uploader;
  beforeEach(() => standin.reset());
  afterEach(() => uploader?.dispose());

  for (const [label, answer, expected] of ANSWERS) {
    it(`ends token_failed on ${label}, with a readable message and no upload request`, async () => {
      await standin.script('token', [answer]);
      uploader = createUploader({ ...STANDIN, retries: 0 });
      const events = record(uploader);
      uploader.add([makeFile()]);
      const { error } = await next(uploader, EventName.uploadError);
      expect(error).to.include({ code: 'token_failed', ...expected });
      expect(error.message).to.match(/^[A-Z].{10,500}[.!]$/s);
      expect(error.message).not.to.match(/<|\r|\n|🎬|abc/);
      const log = await standin.log();
      expect(log.requests.map((r: { route: string }) => r.route)).to.deep.equal(['token']);
      expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(0);
    });
  }

  it('ends token_failed on a 64 MB answer without a token, and sends nothing to Wistia', async () => {
    const stub = stubTokenEndpoint([{ body: `{"padding":"${'x'.repeat(64 * 1024 * 1024)}"}` }]);
    try {
      uploader = createUploader({ ...STANDIN, retries: 0 });
      uploader.add([makeFile()]);
      const { error } = await next(uploader, EventName.uploadError);
      expect(error).to.include({ code: 'token_failed', reason: 'errorTokenFailed', retryable: false });
    } finally {
      stub.restore();
    }
    expect((await standin.log()).requests).to.deep.equal([]);
  });

  it('gives up on a token endpoint that never answers after stall-timeout, and retries', async () => {
    await standin.script('token', [{ stall: true }]);
    uploader = createUploader({ ...STANDIN, retries: 1, stallTimeout: 500 });
    // Only the first token request is held: the retry may take as long as a busy machine needs.
    uploader.addEventListener(EventName.uploadRetry, () => uploader.configure({ stallTimeout: 120_000 }), {
      once: true,
    });
    const events = record(uploader);
    uploader.add([makeFile()]);
    const done = await settled(uploader);
    expect(done.succeeded).to.have.length(1);
    const retry = events.find((e) => e.type === EventName.uploadRetry)!.detail;
    expect(retry.error).to.include({
      code: 'token_failed',
      reason: 'errorTokenFailed',
      retryable: true,
    });
    expect((await standin.log()).tokenRequests).to.equal(2);
  });

  it('gives up on a getToken callback that never settles', async () => {
    uploader = createUploader({
      ...STANDIN,
      retries: 0,
      stallTimeout: 300,
      getToken: () => new Promise<string>(() => {}),
    });
    uploader.add([makeFile()]);
    const { error } = await next(uploader, EventName.uploadError);
    expect(error).to.include({ code: 'token_failed', retryable: true });
    expect((await standin.log()).requests).to.deep.equal([]);
  });

  it('recovers on retry when a 5xx answer is followed by a good one', async () => {
    await standin.script('token', [{ status: 503, body: '<html>busy</html>', contentType: HTML }]);
    uploader = createUploader({ ...STANDIN, retries: 1 });
    const events = record(uploader);
    uploader.add([makeFile()]);
    const done = await settled(uploader);
    expect(done.succeeded).to.have.length(1);
    expect(events.filter((e) => e.type === EventName.uploadRetry).map((e) => e.detail.error.code)).to.deep.equal([
      'token_failed',
    ]);
    expect((await standin.log()).tokenRequests).to.equal(2);
  });
});
