// One attempt's details that the model's outcomes do not pin down: how progress is measured, what the app's
// `beforeUpload` answer does, where a request goes, and how a 401 is answered. Each test here killed mutants of
// `src/core/item-runner.ts` that the model test let live (docs/engine.md, "Mutation testing").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import { englishErrors } from '../../src/core/failure-text.js';
import { ANSWER_LIMIT_MS } from '../../src/core/item-runner.js';
import { settle } from './fakes.js';
import { engine, media, sending, video } from './on-fakes.js';

/** The file of `video()` is 5,000 bytes; the fake multipart body adds 300. */
const SIZE = 5000;
const BODY = SIZE + 300;

describe('one attempt, in detail', () => {
  it('scales the body progress to the file, clamps it, and ends the body at its last byte', async () => {
    const e = engine();
    await sending(e);
    const [request] = e.sends();
    const report = request.options!.onUploadProgress!;
    report(BODY / 2, BODY);
    await settle();
    assert.equal(e.uploader.items[0].loaded, SIZE / 2, 'half the body is half the file');
    report(1234, 0);
    await settle();
    assert.equal(e.uploader.items[0].loaded, 1234, 'no total: the bytes as they are');
    report(BODY * 3, 0);
    await settle();
    assert.equal(e.uploader.items[0].loaded, SIZE, 'never more than the file');
    assert.equal(e.uploader.items[0].phase, 'sending', 'a count with no total does not end the body');
    report(BODY, BODY);
    await settle();
    assert.equal(e.uploader.items[0].phase, 'finishing', 'every byte out, with no onBodySent of its own');
  });

  it('keeps the rate while finishing, drops it once the attempt is over', async () => {
    const e = engine();
    await sending(e);
    const [request] = e.sends();
    for (let i = 1; i <= 4; i++) {
      await e.clock.advance(1000);
      e.transport.progress(request, i / 4);
      await settle();
    }
    assert.equal(e.uploader.items[0].phase, 'finishing');
    assert.ok(e.uploader.items[0].bytesPerSecond! > 0, 'the rate stays while Wistia answers');
    request.settle({ status: 200, body: media(1) });
    await settle();
    assert.equal(e.uploader.items[0].bytesPerSecond, undefined);
    assert.equal(e.uploader.items[0].secondsLeft, undefined);
  });

  it('ignores progress told after the body ended, and tells the last bytes before the success', async () => {
    const e = engine();
    await sending(e);
    const [request] = e.sends();
    request.options!.onBodySent!();
    await settle();
    assert.equal(e.uploader.items[0].phase, 'finishing');
    assert.equal(e.uploader.items[0].loaded, SIZE, 'the body ended: all of the file is out');
    request.options!.onUploadProgress!(BODY / 4, BODY);
    await settle();
    assert.equal(e.uploader.items[0].loaded, SIZE, 'a late count does not take it back');
    await e.clock.advance(1000);
    const told = e.of(EventName.uploadProgress).map((p) => p.detail.loaded);
    assert.equal(told.at(-1), SIZE);
    assert.ok(!told.includes(SIZE / 4));
  });

  it('gives up waiting for an answer after the answer limit, and retries', async () => {
    const e = engine({ retries: 1 });
    await sending(e);
    e.transport.progress(e.sends()[0], 1);
    await settle();
    await e.clock.advance(ANSWER_LIMIT_MS - 1000);
    assert.equal(e.sends()[0].done, false, 'still waiting just before the limit');
    await e.clock.advance(2000);
    assert.equal(e.sends()[0].end, 'aborted');
    assert.equal(e.of(EventName.uploadRetry)[0]?.detail.error.code, 'stalled');
  });

  it('has no stall limit when stallTimeout is 0', async () => {
    const e = engine({ stallTimeout: 0 });
    await sending(e);
    await e.clock.advance(3_600_000);
    assert.equal(e.sends()[0].done, false);
    assert.equal(e.uploader.items[0].phase, 'sending');
  });

  it('counts attempts, and a retry says which attempt comes next', async () => {
    const e = engine({ retries: 2 });
    await sending(e);
    assert.equal(e.uploader.items[0].attempts, 1);
    e.sends()[0].settle({ status: 503, body: '' });
    await settle();
    assert.equal(e.of(EventName.uploadRetry)[0].detail.attempt, 2);
  });

  it('asks for a fresh token once on a 401, and fails as unauthorized on a second', async () => {
    const e = engine({ retries: 3, projectId: 'p1' });
    await sending(e);
    e.sends()[0].settle({ status: 401, body: '<html>' });
    await settle();
    assert.equal(e.tokens.pending[0]?.projectId, 'p1', 'a fresh token for the same project');
    e.tokens.answer(0, 'good');
    await settle();
    assert.equal(e.sends().length, 2);
    assert.notEqual(e.sends()[1].token, e.sends()[0].token, 'the refused token is not used again');
    e.sends()[1].settle({ status: 401, body: '<html>' });
    await settle();
    assert.equal(e.uploader.items[0].status, 'failed');
    assert.equal(e.uploader.items[0].error?.code, 'unauthorized');
    assert.equal(e.sends().length, 2);
  });

  it('sends S3 copies to the S3 copy endpoint, files to the upload endpoint', async () => {
    const e = engine({ s3CopyUrl: 'https://s3copy.test/' });
    e.uploader.addS3('bucket', 'key.mp4');
    e.uploader.add([video()]);
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    assert.deepEqual(
      e
        .sends()
        .map((r) => r.url)
        .sort(),
      ['https://s3copy.test/', 'https://upload.test/'],
    );
  });

  it('refuses to send a token over http for good, to the upload or, when watching, the status endpoint', async () => {
    for (const options of [{ uploadUrl: 'http://upload.test/' }, { waitForReady: true, apiUrl: 'http://api.test' }]) {
      const e = engine({ retries: 3, ...options });
      e.uploader.add([video()]);
      await settle();
      const [item] = e.uploader.items;
      assert.equal(item.status, 'failed');
      assert.equal(item.error?.code, 'insecure_url');
      assert.equal(item.error?.retryable, false);
      assert.equal(item.error?.message, englishErrors.errorInsecureEndpoint);
      assert.equal(e.tokens.pending.length, 0, 'no token asked for');
    }
    const e = engine({ apiUrl: 'http://api.test' });
    await sending(e);
    assert.equal(e.sends().length, 1, 'the status endpoint matters only when watching');
  });
});

describe("the app's beforeUpload answer", () => {
  const refusal = async (beforeUpload: () => unknown) => {
    const e = engine({ beforeUpload } as never);
    e.uploader.add([video()]);
    await settle();
    await settle();
    return e.uploader.items[0];
  };

  it('false rejects the file with the default words, for good', async () => {
    const item = await refusal(() => false);
    assert.equal(item.status, 'rejected');
    assert.equal(item.error?.code, 'rejected_by_app');
    assert.equal(item.error?.message, englishErrors.errorRejectedByApp);
    assert.equal(item.error?.retryable, false);
  });

  it("a throw rejects it with the app's own words, trimmed and cut at 500 characters", async () => {
    assert.equal((await refusal(() => Promise.reject(new Error('  Over quota.  ')))).error?.message, 'Over quota.');
    const long = await refusal(() => Promise.reject(new Error('x'.repeat(600))));
    assert.equal(long.error?.message, 'x'.repeat(500));
    const blank = await refusal(() => Promise.reject(new Error('   ')));
    assert.equal(blank.error?.message, englishErrors.errorRejectedByApp);
    const thrownText = await refusal(() => Promise.reject('no reason given as an Error'));
    assert.equal(thrownText.error?.message, englishErrors.errorRejectedByApp, 'only an Error speaks for itself');
  });

  it('an object sets the fields sent; the options fill what the item lacks', async () => {
    const e = engine({
      description: 'from options',
      contactId: '42',
      beforeUpload: () => ({ name: 'Chosen name' }),
    } as never);
    await sending(e);
    const { fields } = e.sends()[0];
    assert.equal(fields.name, 'Chosen name');
    assert.equal(fields.description, 'from options');
    assert.equal(fields.contact_id, '42');
    const own = engine({ description: 'from options', beforeUpload: () => ({ description: 'its own' }) } as never);
    await sending(own);
    assert.equal(own.sends()[0].fields.description, 'its own');
  });
});
