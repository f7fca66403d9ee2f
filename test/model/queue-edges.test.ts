// The queue at its edges: before its engine has come (the element's first load), when a listener re-enters a
// removal, and which items `retry()` without an id revives. Each test here killed mutants of `src/core/uploader.ts`
// that the model test let live (docs/engine.md, "Mutation testing").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import { startEngine } from '../../src/core/engine.js';
import { createQueue } from '../../src/core/uploader.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';
import { engine, media, video } from './on-fakes.js';

/** A queue whose engine has not come yet, on fakes. */
function engineLess() {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  const tokens = new FakeTokenSource('A', clock);
  const runtime = fakeRuntime(clock, new FakeNetwork(), transport, 7);
  const queue = createQueue({ getToken: tokens.getToken, uploadUrl: 'https://upload.test/', multiple: true }, runtime);
  return { clock, transport, tokens, queue };
}

describe('the queue at its edges', () => {
  it('takes, lists, cancels and lets go of items before its engine comes, and sends each once when it does', async () => {
    const q = engineLess();
    const [a] = q.queue.add([video('a.mp4'), video('b.mp4')]);
    q.queue.cancel(a.id);
    q.queue.watchProcessing(false);
    assert.deepEqual(
      q.queue.items.map((item) => item.status),
      ['cancelled', 'queued'],
    );
    q.queue.useEngine(startEngine);
    q.queue.useEngine(startEngine);
    await settle();
    q.tokens.answer(0, 'good');
    await settle();
    assert.deepEqual(
      q.transport.requests.map((r) => r.subject),
      ['b.mp4'],
    );
    q.queue.dispose();
    assert.equal(q.clock.timers.size, 0);
    engineLess().queue.dispose();
  });

  it('reads an option set to null as its default, as it does one left out', async () => {
    const e = engine({ concurrency: null as unknown as undefined });
    e.uploader.add([video('a.mp4'), video('b.mp4'), video('c.mp4')]);
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    assert.equal(e.sends().length, 2);
  });

  it('calls no subscriber for a step that changed nothing, and lets a waiting item be renamed', () => {
    const q = engineLess();
    let told = 0;
    q.queue.subscribe(() => told++);
    q.queue.configure({ multiple: true });
    assert.equal(told, 0, 'nothing changed');
    const [item] = q.queue.add([video('a.mp4')]);
    assert.equal(item.phase, 'waiting');
    q.queue.update(item.id, { name: 'Keynote' });
    assert.equal(q.queue.items[0].name, 'Keynote');
    q.queue.dispose();
  });

  it('sends two at a time by default', async () => {
    const e = engine({ concurrency: undefined });
    e.uploader.add([video('a.mp4'), video('b.mp4'), video('c.mp4')]);
    await settle();
    assert.equal(e.tokens.pending.length, 1, 'one token for the project');
    e.tokens.answer(0, 'good');
    await settle();
    assert.equal(e.sends().length, 2);
  });

  it('tells no queue-complete before anything was queued', async () => {
    const q = engineLess();
    let told = 0;
    q.queue.addEventListener(EventName.queueComplete, () => told++);
    q.queue.useEngine(startEngine);
    q.queue.configure({ retries: 1 });
    await settle();
    assert.equal(told, 0);
  });

  it('lets go of the token request and the status reads when disposed', async () => {
    const e = engine({ waitForReady: true });
    e.uploader.add([video('a.mp4'), video('b.mp4')]);
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.sends()[0].settle({ status: 200, body: media(1) });
    await settle();
    await e.clock.advance(60_000);
    assert.ok(
      e.transport.requests.some((r) => r.kind === 'poll'),
      'the status is read',
    );
    e.uploader.configure({ projectId: 'other' });
    e.uploader.add([video('c.mp4')]);
    e.sends()[1].settle({ status: 200, body: media(2) });
    await settle();
    e.uploader.dispose();
    await settle();
    assert.equal(e.clock.timers.size, 0, 'no timer left');
    assert.equal(e.tokens.pending.length, 0, 'no token request left');
  });

  it('counts a removal once, even when a listener removes the same item again', () => {
    const e = engine({ manual: true, maxFiles: 1 });
    const [a] = e.uploader.add([video('a.mp4')]);
    e.uploader.addEventListener(EventName.uploadCancel, () => e.uploader.remove(a.id));
    e.uploader.remove(a.id);
    assert.equal(e.uploader.add([video('b.mp4')])[0].error, undefined);
    assert.equal(e.uploader.add([video('c.mp4')])[0].error?.code, 'rejected_count');
  });

  it('lets update() change a held item, and names a refused S3 object by what was given', () => {
    const e = engine({ manual: true });
    const [held] = e.uploader.add([video()]);
    e.uploader.update(held.id, { name: 'Renamed' });
    assert.equal(e.uploader.items[0].name, 'Renamed');
    const bad = e.uploader.addS3('Not A Bucket!', 'clip.mp4');
    assert.equal(bad.status, 'rejected');
    assert.equal(bad.source, 's3');
    assert.equal(bad.name, 's3://Not A Bucket!/clip.mp4');
  });

  it('revives failed items only on retry() without an id, each with a fresh count and no error', async () => {
    const e = engine({ retries: 0 });
    const [failing, cancelled] = e.uploader.add([video('a.mp4'), video('b.mp4')]);
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.uploader.cancel(cancelled.id);
    e.sends()[0].settle({ status: 503, body: '' });
    await settle();
    assert.equal(e.uploader.items[0].status, 'failed');
    e.uploader.retry();
    await settle();
    const [again, still] = e.uploader.items;
    assert.equal(still.status, 'cancelled');
    assert.equal(again.id, failing.id);
    assert.equal(again.error, undefined);
    assert.equal(again.attempts, 1);
    e.sends()
      .at(-1)!
      .settle({ status: 200, body: media(1) });
    await settle();
    assert.equal(e.uploader.items[0].status, 'succeeded');
  });
});
