// How `wistia-upload-progress` is told: paced, never for a link, the last bytes once, nothing once an attempt has
// ended, no timer after `dispose()`. Each test here killed mutants of `src/core/progress-report.ts` that the model
// test let live (docs/engine.md, "Mutation testing").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import { PROGRESS_INTERVAL_MS } from '../../src/core/progress-meter.js';
import { settle } from './fakes.js';
import { engine, media, sending } from './on-fakes.js';

const loadedTold = (e: ReturnType<typeof engine>) => e.of(EventName.uploadProgress).map((p) => p.detail.loaded);

/** An upload under way whose second byte count (half the file) waits for the interval; returns its request. */
async function secondCountWaiting(e: ReturnType<typeof engine>) {
  await sending(e);
  const [request] = e.sends();
  e.transport.progress(request, 0.25);
  await settle();
  e.transport.progress(request, 0.5);
  await settle();
  return request;
}

describe('progress events, in detail', () => {
  it('shows moved bytes in items without calling subscribers: progress events tell them, at their pace', async () => {
    const e = engine();
    await sending(e);
    const [request] = e.sends();
    let told = 0;
    e.uploader.subscribe(() => told++);
    for (const share of [0.25, 0.5, 0.75]) {
      e.transport.progress(request, share);
      await settle();
    }
    assert.equal(told, 0, 'a view redraws for bytes at the pace of the progress events, not once per count');
    assert.equal(e.uploader.items[0].loaded, 0.75 * e.uploader.items[0].total);
  });

  it('tells the first bytes at once and later ones at most once an interval', async () => {
    const e = engine();
    await secondCountWaiting(e);
    assert.equal(loadedTold(e).length, 1, 'the first count is told at once, the next waits for the interval');
    await e.clock.advance(PROGRESS_INTERVAL_MS);
    assert.equal(loadedTold(e).length, 2);
    assert.ok(loadedTold(e)[1] > loadedTold(e)[0]);
  });

  it('tells the last bytes once before the success, not again when a paced event already told them', async () => {
    const e = engine();
    await sending(e);
    const [request] = e.sends();
    e.transport.progress(request, 1);
    await settle();
    await e.clock.advance(PROGRESS_INTERVAL_MS);
    request.settle({ status: 200, body: media(1) });
    await settle();
    const total = e.uploader.items[0].total;
    assert.deepEqual(
      loadedTold(e).filter((loaded) => loaded === total),
      [total],
    );
    const order = e.events.map((event) => event.type).filter((t) => t !== EventName.uploadStart);
    assert.equal(order.lastIndexOf(EventName.uploadProgress) < order.indexOf(EventName.uploadSuccess), true);
  });

  it('tells no byte progress for a link Wistia imports', async () => {
    const e = engine();
    e.uploader.addUrl('https://cdn.example.com/talk.mp4');
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.sends()[0].settle({ status: 200, body: media(1) });
    await settle();
    assert.equal(e.of(EventName.uploadSuccess).length, 1);
    assert.deepEqual(loadedTold(e), []);
  });

  it('tells nothing of an attempt that failed while its bytes waited for the interval', async () => {
    const e = engine({ retries: 1 });
    const request = await secondCountWaiting(e);
    request.settle('network');
    await settle();
    const before = loadedTold(e).length;
    await e.clock.advance(PROGRESS_INTERVAL_MS);
    assert.equal(e.uploader.items[0].phase, 'backing-off');
    assert.equal(loadedTold(e).length, before);
  });

  it('leaves no timer once disposed, even with bytes waiting for the interval', async () => {
    const e = engine();
    await secondCountWaiting(e);
    e.uploader.dispose();
    assert.equal(e.clock.timers.size, 0);
  });
});
