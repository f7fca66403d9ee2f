import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import { FakeNetwork, FakeTokenSource, settle } from './fakes.js';
import { engine, media, sending, uploaded, video } from './on-fakes.js';

describe('engine regressions (issue: defects found by review)', () => {
  it('never gives up a complete body for a stall: a slow answer after the last byte is one send, one media', async () => {
    const e = engine({ stallTimeout: 1000 });
    await sending(e);
    e.transport.progress(e.sends()[0], 1);
    assert.equal(e.uploader.items[0].phase, 'finishing');
    await e.clock.advance(5 * 60_000);
    e.sends()[0].settle({ status: 200, body: media() });
    await settle();
    assert.equal(e.sends().length, 1);
    assert.equal(e.of(EventName.uploadSuccess).length, 1);
    assert.equal(e.of(EventName.uploadRetry).length, 0);
  });

  it('still gives up a body that stops moving before its last byte', async () => {
    const e = engine({ stallTimeout: 1000, retries: 0 });
    await sending(e);
    e.transport.progress(e.sends()[0], 0.5);
    await e.clock.advance(1001);
    assert.equal(e.of(EventName.uploadError)[0].detail.error.code, 'stalled');
  });

  it('asks for a new token when project-id changes, with the new project, and never reuses the old one', async () => {
    const e = engine({ projectId: 'A1' });
    e.uploader.add([video('a.mp4')]);
    await settle();
    assert.equal(e.tokens.pending[0].projectId, 'A1');
    e.tokens.answer(0, 'good');
    await settle();
    e.sends()[0].settle({ status: 200, body: media(1) });
    e.uploader.configure({ projectId: 'B2' });
    e.uploader.add([video('b.mp4')]);
    await settle();
    assert.equal(e.tokens.pending.length, 1, 'a new token is asked for');
    assert.equal(e.tokens.pending[0].projectId, 'B2');
    e.tokens.answer(0, 'good');
    await settle();
    const [, second] = e.sends();
    assert.equal(second.fields.project_id, 'B2');
    assert.match(second.token, /^A\|B2\|/);
  });

  it('drops the token when getToken changes', async () => {
    const e = engine();
    e.uploader.add([video('a.mp4')]);
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.sends()[0].settle({ status: 200, body: media(1) });
    const other = new FakeTokenSource('B', e.clock);
    e.uploader.configure({ getToken: other.getToken });
    e.uploader.add([video('b.mp4')]);
    await settle();
    other.answer(0, 'good');
    await settle();
    assert.match(e.sends()[1].token, /^B\|/);
  });

  it('cancel while beforeUpload is pending: its late answer does nothing, and a retry asks the page again', async () => {
    const asked: ((v: false) => void)[] = [];
    const e = engine({ beforeUpload: () => new Promise<false>((resolve) => asked.push(resolve)) });
    const [item] = e.uploader.add([video()]);
    await settle();
    e.uploader.cancel(item.id);
    asked[0](false);
    await settle();
    assert.deepEqual(
      e.events.map((x) => x.type),
      [EventName.uploadCancel, EventName.queueComplete],
    );
    e.uploader.retry(item.id);
    await settle();
    assert.equal(asked.length, 2, 'asked again for the new life');
    asked[1](false);
    await settle();
    assert.equal(e.uploader.items[0].status, 'rejected');
    assert.equal(e.of(EventName.queueComplete).length, 2);
  });

  it('a throwing beforeUpload refuses the item with its message; a programming error is not retried', async () => {
    const e = engine({
      beforeUpload: (item) => {
        if (item.name === 'quota.mp4') throw new Error('Quota reached for today');
      },
    });
    e.uploader.add([video('quota.mp4'), video('bug.mp4')]);
    await settle();
    const [rejected] = e.of(EventName.fileReject);
    assert.deepEqual(rejected.detail.item.error, {
      code: 'rejected_by_app',
      message: 'Quota reached for today',
      retryable: false,
    });
    e.tokens.answer(0, 'good');
    await settle();
    e.sends()[0].fail(new TypeError('x is undefined'));
    await settle();
    assert.equal(e.of(EventName.uploadRetry).length, 0);
    assert.equal(e.of(EventName.uploadError)[0].detail.error.code, 'internal');
  });

  it('remove() tells the cancel first, and the queue-complete after it does not list the removed item', async () => {
    const e = engine();
    const [item] = e.uploader.add([video()]);
    await settle();
    e.uploader.remove(item.id);
    assert.deepEqual(
      e.events.map((x) => x.type),
      [EventName.uploadStart, EventName.uploadCancel, EventName.queueComplete],
    );
    assert.deepEqual(e.of(EventName.queueComplete)[0].detail.cancelled, []);
    assert.deepEqual(e.uploader.items, []);
  });

  it('clear() forgets finished items: their ids answer nothing and no timer is left', async () => {
    const e = engine();
    const [item] = e.uploader.add([video()]);
    e.uploader.cancel(item.id);
    e.uploader.clear();
    e.uploader.retry(item.id);
    await settle();
    assert.deepEqual(e.uploader.items, []);
    e.uploader.dispose();
    assert.equal(e.clock.timers.size, 0);
  });

  it('processing is not in flight: the queue completes, polling goes on while processing, and pauses', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    assert.equal(e.of(EventName.queueComplete).length, 1);
    for (let i = 0; i < 20; i++) {
      await e.clock.advance(15_000);
      const poll = e.transport.pending.find((r) => r.kind === 'poll');
      poll?.settle({ status: 200, body: media(1, 'processing') });
      await settle();
    }
    assert.equal(e.uploader.items[0].status, 'processing', 'still watched after 20 polls');
    e.uploader.watchProcessing(false);
    assert.equal(e.clock.timers.size, 0, 'no poll timer while paused');
    e.uploader.watchProcessing(true);
    await e.clock.advance(15_000);
    e.transport.pending.find((r) => r.kind === 'poll')!.settle({ status: 200, body: media(1, 'ready') });
    await settle();
    assert.equal(e.of(EventName.mediaReady).length, 1);
  });

  it('a token that cannot read media ends processing as unknown: the upload stands, one error event, no retry', async () => {
    const e = engine({ waitForReady: true });
    await uploaded(e);
    for (let i = 0; i < 2; i++) {
      await e.clock.advance(15_000);
      if (e.tokens.pending.length) e.tokens.answer(0, 'good');
      await settle();
      e.transport.pending.find((r) => r.kind === 'poll')!.settle({ status: 403, body: '' });
      await settle();
    }
    const [item] = e.uploader.items;
    assert.equal(item.status, 'succeeded');
    assert.equal(item.media?.hashed_id, 'h1abcdef');
    assert.equal(item.error?.code, 'processing_unknown', 'the item says why its processing is unknown');
    const [told] = e.of(EventName.uploadError);
    assert.equal(told.detail.error.code, 'processing_unknown');
    assert.equal(told.detail.item.status, 'succeeded');
    assert.equal(e.of(EventName.uploadError).length, 1);
    e.uploader.retry(item.id);
    await settle();
    assert.equal(e.sends().length, 1, 'never sent again');
  });

  it('waits for ready through the upload relay, whose status answer has only hashed_id, status, progress, thumbnail', async () => {
    const e = engine({ waitForReady: true });
    await sending(e);
    e.sends()[0].settle({ status: 200, body: media(1), relayRef: 'ref-of-media-1' });
    await settle();
    await e.clock.advance(2000);
    const short = JSON.stringify({ hashed_id: 'h1abcdef', status: 'ready', progress: 1, thumbnail: null });
    const poll = e.transport.pending.find((r) => r.kind === 'poll')!;
    assert.equal(poll.relayRef, 'ref-of-media-1', "the relay's reference from the upload answer goes back");
    poll.settle({ status: 200, body: short });
    await settle();
    assert.equal(e.of(EventName.mediaReady).length, 1);
    assert.equal(e.uploader.items[0].media?.id, 1, 'the media from the upload answer is kept');
  });

  it('tells subscribers of phase changes no event tells of: backing off, then offline, then sending again', async () => {
    const network = new FakeNetwork();
    const e = engine({}, network);
    const phases: string[] = [];
    e.uploader.subscribe(() => phases.push(e.uploader.items[0]?.phase ?? 'none'));
    await sending(e);
    e.sends()[0].settle({ status: 503, body: '' });
    await settle();
    network.offline = true;
    await e.clock.advance(60_000);
    assert.equal(e.uploader.items[0].phase, 'offline');
    network.goOnline();
    await settle();
    const changes = phases.filter((phase, i) => phase !== phases[i - 1]);
    assert.deepEqual(changes.slice(-4), ['backing-off', 'offline', 'authorizing', 'sending']);
  });

  // Found by reading the retry rules against the runner: only a dropped connection was free while offline.
  it('uses up no retry for a stall while offline: it waits for the connection, then sends again', async () => {
    const network = new FakeNetwork();
    const e = engine({ retries: 0, stallTimeout: 30_000 }, network);
    await sending(e);
    network.offline = true;
    await e.clock.advance(30_000);
    assert.equal(e.uploader.items[0].phase, 'offline');
    assert.equal(e.of(EventName.uploadRetry).length, 0);
    network.goOnline();
    await settle();
    assert.equal(e.sends().length, 2, 'sent again once online, with no retries allowed');
    e.sends()[1].settle({ status: 200, body: media(1) });
    await settle();
    assert.equal(e.uploader.items[0].status, 'succeeded');
  });

  it('delivers the last progress (loaded === total) before the success, whatever the pacing', async () => {
    const e = engine();
    await sending(e);
    e.transport.progress(e.sends()[0], 0.4);
    e.transport.progress(e.sends()[0], 0.9);
    e.sends()[0].settle({ status: 200, body: media(1) });
    await settle();
    const types = e.events.map((x) => x.type).filter((t) => t !== EventName.uploadStart);
    const last = e.of(EventName.uploadProgress).at(-1)!.detail;
    assert.equal(types.at(-3), EventName.uploadProgress);
    assert.equal(last.loaded, last.total);
  });
});
