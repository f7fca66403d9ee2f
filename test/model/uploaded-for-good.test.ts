import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createUploader, EventName } from '../../src/core/index.js';
import { MAX_RETRY_AFTER_MS, retryDelay } from '../../src/core/retry-policy.js';
import { FakeNetwork, settle } from './fakes.js';
import { engine, media, sending, uploaded, video } from './on-fakes.js';

/** Runs `body`, and fails if any promise was rejected with no one to hear it meanwhile. */
async function withoutUnhandled(body: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const hear = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', hear);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    process.off('unhandledRejection', hear);
  }
  assert.deepEqual(unhandled, []);
}

/** Answers every status read now waiting with `kind` (a Wistia status, or an HTTP failure). */
function answerPolls(e: ReturnType<typeof engine>, kind: 'processing' | 'ready' | 500) {
  for (const poll of e.transport.pending.filter((r) => r.kind === 'poll')) {
    const n = Number(/h(\d+)abcdef/.exec(poll.url)?.[1]);
    poll.settle(kind === 500 ? { status: 500, body: '' } : { status: 200, body: media(n, kind) });
  }
}

describe('uploaded for good: no order of events re-sends a video Wistia already has', () => {
  it('a listener that cancels on the final progress cannot undo the success (1)', () =>
    withoutUnhandled(async () => {
      const e = engine();
      e.uploader.addEventListener(EventName.uploadProgress, (event) => {
        const { item, loaded, total } = event.detail;
        if (loaded === total) e.uploader.cancel(item.id);
      });
      await sending(e);
      e.transport.progress(e.sends()[0], 0.5);
      e.sends()[0].settle({ status: 200, body: media(1) });
      await settle();
      const [item] = e.uploader.items;
      assert.equal(item.status, 'succeeded');
      assert.equal(item.media?.hashed_id, 'h1abcdef');
      assert.equal(e.of(EventName.uploadCancel).length, 0);
      e.uploader.retry(item.id);
      await e.clock.advance(60_000);
      assert.equal(e.sends().length, 1, 'never sent again');
    }));

  it('listeners may call any method from inside any event without a throw or a second terminal event (1)', () =>
    withoutUnhandled(async () => {
      const e = engine({ waitForReady: true });
      // From the first progress on: a start answered with cancel-then-retry would go round for ever, as the app asked.
      for (const type of Object.values(EventName).filter((t) => t !== EventName.uploadStart)) {
        e.uploader.addEventListener(type, (event) => {
          const id = (event as CustomEvent).detail.item?.id;
          e.uploader.cancel(id);
          e.uploader.retry(id);
          e.uploader.start();
          e.uploader.configure({ concurrency: 1 });
        });
      }
      await uploaded(e);
      await e.clock.advance(2000);
      answerPolls(e, 'ready');
      await settle();
      assert.equal(e.of(EventName.uploadSuccess).length, 1);
      assert.equal(e.of(EventName.mediaReady).length, 1);
      assert.equal(e.sends().length, 1);
    }));

  it('failed status reads never end processing, and no read is made while offline (2)', async () => {
    const network = new FakeNetwork();
    const e = engine({ waitForReady: true }, network);
    await uploaded(e);
    for (let i = 0; i < 12; i++) {
      await e.clock.advance(15_000);
      answerPolls(e, 500);
      await settle();
    }
    assert.equal(e.uploader.items[0].status, 'processing', 'twelve failed reads leave it processing');
    network.offline = true;
    const before = e.transport.requests.length;
    await e.clock.advance(10 * 60_000);
    assert.equal(e.transport.requests.length, before, 'no read while offline');
    network.goOnline();
    await e.clock.advance(1000);
    answerPolls(e, 'ready');
    await settle();
    assert.equal(e.uploader.items[0].status, 'succeeded');
    assert.equal(e.of(EventName.mediaReady).length, 1);
    assert.equal(e.of(EventName.uploadError).length, 0);
  });

  it('only Wistia saying "failed" fails an uploaded item, and retry() never sends it again', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    await e.clock.advance(2000);
    e.transport.pending.find((r) => r.kind === 'poll')!.settle({ status: 200, body: media(1, 'failed') });
    await settle();
    const [item] = e.uploader.items;
    assert.equal(item.status, 'failed');
    assert.equal(item.error?.code, 'processing_failed');
    e.uploader.retry();
    e.uploader.retry(item.id);
    await e.clock.advance(60_000);
    assert.equal(e.sends().length, 1);
    assert.equal(e.uploader.items[0].status, 'failed');
  });

  it('cancel() is a no-op for an item Wistia is processing', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    e.uploader.cancel();
    e.uploader.cancel(e.uploader.items[0].id);
    assert.equal(e.uploader.items[0].status, 'processing');
    assert.equal(e.of(EventName.uploadCancel).length, 0);
  });

  it('no timer is left after remove() or dispose() of a processing item with a status read under way (4)', async () => {
    for (const end of ['remove', 'dispose'] as const) {
      const e = engine({ waitForReady: true });
      await uploaded(e);
      await e.clock.advance(2000);
      assert.equal(e.transport.pending.length, 1, 'a status read is under way');
      if (end === 'remove') e.uploader.remove(e.uploader.items[0].id);
      else e.uploader.dispose();
      await settle();
      assert.equal(e.clock.timers.size, 0, `no timer after ${end}`);
      assert.equal(e.transport.pending.length, 0, `no request after ${end}`);
    }
  });

  it('refuses option values it cannot read with a TypeError naming the option (5)', () => {
    const bad = [
      { retries: NaN },
      { retries: -1 },
      { retries: 1.5 },
      { stallTimeout: NaN },
      { concurrency: 0 },
      { maxFileSize: Infinity },
      { maxFiles: -2 },
      { multiple: 'yes' },
      { tokenCredentials: 'always' },
      { getToken: 'secret' },
    ];
    for (const options of bad) {
      const [name] = Object.keys(options);
      assert.throws(
        () => createUploader(options as never),
        (err: Error) => err instanceof TypeError && err.message.includes(name),
      );
      const e = engine();
      const before = e.uploader.options[name as keyof typeof e.uploader.options];
      assert.throws(() => e.uploader.configure(options as never), TypeError);
      assert.equal(
        e.uploader.options[name as keyof typeof e.uploader.options],
        before,
        'the refused value is not kept',
      );
    }
    assert.doesNotThrow(() => createUploader({ retries: 0, stallTimeout: 0, concurrency: 1, multiple: undefined }));
  });

  it('checks the endpoint before every attempt: an http upload-url set during a back-off never gets the token (6)', async () => {
    const e = engine();
    await sending(e);
    e.sends()[0].settle({ status: 503, body: '' });
    await settle();
    assert.equal(e.uploader.items[0].phase, 'backing-off');
    e.uploader.configure({ uploadUrl: 'http://upload.example/' });
    await e.clock.advance(60_000);
    assert.equal(e.sends().length, 1, 'nothing sent over http');
    assert.equal(e.uploader.items[0].error?.code, 'insecure_url');
  });

  it('items is one copy per change: read twice it is the same list, and unchanged items keep their copy (7)', async () => {
    const e = engine({ manual: true });
    e.uploader.add([video('a.mp4'), video('b.mp4')]);
    const first = e.uploader.items;
    assert.equal(e.uploader.items, first);
    e.uploader.update(first[1].id, { name: 'renamed.mp4' });
    const second = e.uploader.items;
    assert.notEqual(second, first);
    assert.equal(second[0], first[0], 'the unchanged item is not copied again');
    assert.equal(second[1].name, 'renamed.mp4');
  });

  it('a form reset of many items tells one queue-complete and leaves nothing behind (7)', async () => {
    const e = engine();
    e.uploader.add(Array.from({ length: 2000 }, (_, i) => video(`v${i}.mp4`)));
    await settle();
    for (const item of e.uploader.items) e.uploader.remove(item.id);
    await settle();
    assert.equal(e.uploader.items.length, 0);
    assert.equal(e.of(EventName.uploadCancel).length, 2000);
    assert.equal(e.of(EventName.queueComplete).length, 1);
  });

  it('makes at most one status request a second for 100 items processing, and reads every one of them (8)', async () => {
    const e = engine({ waitForReady: true, concurrency: 100 });
    e.uploader.add(Array.from({ length: 100 }, (_, i) => video(`v${i}.mp4`)));
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.sends().forEach((send, i) => send.settle({ status: 200, body: media(i + 1) }));
    await settle();
    const polled = new Set<string>();
    let inSecondMinute = 0;
    for (let second = 0; second < 120; second++) {
      await e.clock.advance(1000);
      for (const poll of e.transport.pending.filter((r) => r.kind === 'poll')) {
        polled.add(poll.url);
        if (second >= 60) inSecondMinute++;
      }
      answerPolls(e, 'processing');
      await settle();
    }
    assert.ok(inSecondMinute <= 60, `${inSecondMinute} status requests in a minute`);
    assert.equal(polled.size, 100, 'every item read within two minutes');
  });

  it('honours a Retry-After of an hour (9)', async () => {
    const e = engine();
    await sending(e);
    e.sends()[0].settle({ status: 429, body: '', retryAfter: '3600' });
    await settle();
    await e.clock.advance(3600_000 - 1);
    assert.equal(e.sends().length, 1, 'nothing before the hour');
    await e.clock.advance(1);
    // The hour also brings the token to its end: a fresh one is asked for.
    if (e.tokens.pending.length) e.tokens.answer(0, 'good');
    await settle();
    assert.equal(e.sends().length, 2);
  });

  it('reads a Retry-After longer than a timer can wait as a day, and one it cannot read as no wait of its own', () => {
    assert.equal(retryDelay(1, 365 * 86_400_000), MAX_RETRY_AFTER_MS);
    assert.equal(MAX_RETRY_AFTER_MS, 86_400_000);
    assert.equal(retryDelay(1, 3_600_000), 3_600_000);
    assert.equal(
      retryDelay(3, undefined, () => 0.5),
      3000,
    );
  });

  it('takes one file per add() unless multiple is set, as the element does (9)', () => {
    const e = engine({ multiple: undefined, manual: true });
    const added = e.uploader.add([video('a.mp4'), video('b.mp4')]);
    assert.deepEqual(
      added.map((item) => item.error?.code),
      [undefined, 'rejected_count'],
    );
  });

  it('reads a pasted s3:// link with a space in its key as addS3 reads the same bucket and key (9)', () => {
    const e = engine({ manual: true });
    const pasted = e.uploader.addUrl('s3://bucket-one/My Videos/clip.mp4');
    const given = e.uploader.addS3('bucket-one', 'My Videos/clip.mp4');
    for (const item of [pasted, given]) {
      assert.equal(item.status, 'queued');
      assert.equal(item.source, 's3');
      assert.equal(item.bucket, 'bucket-one');
      assert.equal(item.sourceFile, 'My Videos/clip.mp4');
      assert.equal(item.name, 'clip.mp4');
    }
  });
});
