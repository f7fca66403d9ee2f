import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createUploader, EventName } from '../../src/core/index.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';
import { FakeTusRelay, MemoryStore, type TusAnswer } from './tus-relay.js';

/** One resumable uploader on a relay in memory whose answers the test gives, with every event it fires. */
function resumable(retries: number) {
  const clock = new FakeClock();
  const relay = new FakeTusRelay();
  const tokens = new FakeTokenSource('A', clock);
  const transport = Object.assign(new FakeTransport(clock), { exchange: relay.exchange });
  const uploader = createUploader(
    { getToken: tokens.getToken, uploadUrl: 'https://relay.test/', resumable: true, stallTimeout: 0, retries },
    { ...fakeRuntime(clock, new FakeNetwork(), transport, 7), storage: new MemoryStore(), chunkBytes: 1000 },
  );
  const events: { type: string; detail: any }[] = [];
  for (const type of Object.values(EventName))
    uploader.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  /** Tokens given, then the oldest request on the wire answered `kind`. */
  const answer = async (kind: TusAnswer) => {
    while (tokens.pending.length) tokens.answer(0, 'good');
    await settle();
    const request = relay.pending[0]!;
    relay.answer(request, kind);
    await settle();
    return request;
  };
  const of = (type: string) => events.filter((e) => e.type === type);
  return { clock, relay, uploader, answer, of };
}

describe('a relay that keeps refusing (409) is the relay’s failure, not Wistia’s refusal', () => {
  it('retries after four refusals in a row, and the retry goes on from where the relay stopped', async () => {
    const r = resumable(1);
    r.uploader.add([new File(['x'.repeat(2500)], 'a.mp4', { type: 'video/mp4' })]);
    await settle();
    await r.answer('good'); // POST
    await r.answer('good'); // PATCH 0–1000
    for (let turn = 0; turn < 4; turn++) {
      await r.answer('stale'); // PATCH at 1000: 409
      if (turn < 3) assert.equal((await r.answer('good')).method, 'HEAD');
    }
    assert.equal(r.of(EventName.uploadError).length, 0, 'not failed while a retry is left');
    const [retry] = r.of(EventName.uploadRetry);
    assert.ok(retry, 'a retry is told');
    assert.equal(retry.detail.error.retryable, true);
    assert.equal(retry.detail.error.reason, 'errorRelayRefused');
    await r.clock.advance(31_000);
    const head = await r.answer('good');
    assert.equal(head.method, 'HEAD');
    assert.equal(r.of(EventName.uploadResume)[0]?.detail.offset, 1000);
    const next = r.relay.pending[0]!;
    assert.deepEqual([next.method, next.offset], ['PATCH', 1000]);
  });

  it('fails retryable with words about the relay once no retry is left', async () => {
    const r = resumable(0);
    r.uploader.add([new File(['x'.repeat(2500)], 'a.mp4', { type: 'video/mp4' })]);
    await settle();
    await r.answer('good');
    for (let turn = 0; turn < 4; turn++) {
      await r.answer('stale');
      if (turn < 3) await r.answer('good');
    }
    const item = r.uploader.items[0]!;
    assert.equal(item.status, 'failed');
    assert.deepEqual(
      { code: item.error?.code, retryable: item.error?.retryable, status: item.error?.status },
      { code: 'server', retryable: true, status: 409 },
    );
    assert.match(item.error!.message, /upload relay kept refusing/);
    assert.match(item.error!.message, /where it stopped/);
  });
});
