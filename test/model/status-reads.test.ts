// When and how the one status poller reads: its waits, what it does with each kind of answer, and where it never
// sends the token. Written against mutants of `src/core/processing-watch.ts` that the model test let live.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import { FIRST_POLL_MS, MAX_POLL_MS, MIN_GAP_MS } from '../../src/core/processing-watch.js';
import { settle } from './fakes.js';
import { engine, media, uploaded } from './on-fakes.js';

type Engine = ReturnType<typeof engine>;
const polls = (e: Engine) => e.transport.requests.filter((r) => r.kind === 'poll');
const waiting = (e: Engine) => e.transport.pending.find((r) => r.kind === 'poll');

/** Moves the clock 100 ms at a time until a status read is made; returns how long that took. */
async function untilRead(e: Engine, limitMs = 120_000): Promise<number> {
  const before = polls(e).length;
  const started = e.clock.now();
  while (polls(e).length === before) {
    assert.ok(e.clock.now() - started <= limitMs, `no status read within ${limitMs} ms`);
    await e.clock.advance(100);
    await settle();
  }
  return e.clock.now() - started;
}

const answer = async (e: Engine, status: number, body: string, retryAfter?: string) => {
  waiting(e)!.settle({ status, body, ...(retryAfter ? { retryAfter } : {}) } as never);
  await settle();
};

describe('status reads', () => {
  it('wait 2 s before the first and the second, then twice as long each time, up to 15 s', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    const gaps = [await untilRead(e)];
    for (let i = 0; i < 5; i++) {
      await answer(e, 200, media(1, 'processing'));
      gaps.push(await untilRead(e));
    }
    assert.deepEqual(gaps, [
      FIRST_POLL_MS,
      FIRST_POLL_MS,
      2 * FIRST_POLL_MS,
      4 * FIRST_POLL_MS,
      MAX_POLL_MS,
      MAX_POLL_MS,
    ]);
  });

  it('read again after a 5xx, 408 or 429, never before its Retry-After', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    await untilRead(e);
    await answer(e, 503, '', '30');
    assert.ok((await untilRead(e)) >= 30_000, 'Retry-After: 30 waits 30 s');
    for (const status of [408, 429, 500]) {
      await answer(e, status, '');
      await untilRead(e);
    }
    await answer(e, 200, media(1, 'ready'));
    assert.equal(e.of(EventName.mediaReady).length, 1);
  });

  it('take three unreadable answers in a row as unknown, and forget them after a readable one', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    for (const body of ['not json', '{"hashed_id":"h1abcdef"}', media(1, 'processing'), '[]', '{"status":"x"}']) {
      await untilRead(e);
      await answer(e, 200, body);
    }
    assert.equal(e.uploader.items[0].status, 'processing', 'two unreadable, one good, two unreadable: still reading');
    await untilRead(e);
    await answer(e, 200, 'null');
    const [told] = e.of(EventName.uploadError);
    assert.equal(told?.detail.error.code, 'processing_unknown');
    assert.equal(told.detail.error.retryable, false);
  });

  it("say processing failed only on Wistia's word, with no Retry", async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    await untilRead(e);
    await answer(e, 200, media(1, 'failed'));
    assert.equal(e.uploader.items[0].error?.code, 'processing_failed');
    assert.equal(e.uploader.items[0].error?.retryable, false);
  });

  it('never send the token to a status endpoint in clear text, even one set while processing', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    e.uploader.configure({ apiUrl: 'http://api.test' });
    await e.clock.advance(30_000);
    await settle();
    assert.equal(polls(e).length, 0);
    assert.equal(e.uploader.items[0].error?.code, 'processing_unknown');
  });

  it('leave at least a second between reads, whatever number of items wait', async () => {
    const e = engine({ waitForReady: true, concurrency: 3 });
    e.uploader.add([1, 2, 3].map((n) => new File(['x'], `v${n}.mp4`, { type: 'video/mp4' })));
    await settle();
    for (let i = 0; i < 3; i++) e.tokens.answer(0, 'good');
    await settle();
    e.sends().forEach((send, i) => send.settle({ status: 200, body: media(i + 1) }));
    await settle();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await untilRead(e);
      times.push(e.clock.now());
      await answer(e, 200, media(Number(/h(\d+)/.exec(waiting(e)!.url)![1]), 'processing'));
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    assert.ok(
      gaps.every((gap) => gap >= MIN_GAP_MS),
      `gaps ${gaps}`,
    );
  });

  it('read nothing while paused, let go of a read under way, and go on when resumed', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    await untilRead(e);
    e.uploader.watchProcessing(true);
    assert.equal(waiting(e)?.done, false, 'resuming what runs lets nothing go');
    e.uploader.watchProcessing(false);
    assert.equal(polls(e)[0].end, 'aborted');
    const before = polls(e).length;
    await e.clock.advance(120_000);
    assert.equal(polls(e).length, before, 'no read while paused');
    assert.equal(e.clock.timers.size, 0, 'and no timer');
    e.uploader.watchProcessing(true);
    await untilRead(e);
    await answer(e, 200, media(1, 'ready'));
    assert.equal(e.of(EventName.mediaReady).length, 1);
    assert.equal(e.clock.timers.size, 0, 'nothing left to read, no timer');
  });

  it('make one read at a time, and let a removal go of its own read only', async () => {
    const e = engine({ waitForReady: true, concurrency: 2 });
    const [first, second] = e.uploader.add([1, 2].map((n) => new File(['x'], `v${n}.mp4`, { type: 'video/mp4' })));
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.sends().forEach((send, i) => send.settle({ status: 200, body: media(i + 1) }));
    await settle();
    await untilRead(e);
    const reading = waiting(e)!;
    await e.clock.advance(60_000);
    assert.equal(e.transport.pending.filter((r) => r.kind === 'poll').length, 1, 'one read at a time');
    const other = /h1/.test(reading.url) ? second : first;
    e.uploader.remove(other.id);
    assert.equal(reading.done, false, "another item's removal lets this read be");
  });

  it('read again at once after a refusal, without lengthening the wait', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    await untilRead(e);
    const before = polls(e).length;
    await answer(e, 401, '');
    await e.clock.advance(MIN_GAP_MS);
    e.tokens.answer(0, 'good');
    await settle();
    assert.equal(polls(e).length, before + 1, 'read again with a fresh token after the least gap');
    await answer(e, 200, media(1, 'processing'));
    assert.equal(await untilRead(e), FIRST_POLL_MS);
  });

  it('say processing unknown when no token can be had for the reads', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    e.uploader.configure({ getToken: async () => '' });
    await untilRead(e).catch(() => undefined);
    await settle();
    assert.equal(e.uploader.items[0].error?.code, 'processing_unknown');
    assert.equal(e.uploader.items[0].status, 'succeeded');
  });
});
