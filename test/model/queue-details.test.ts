// The queue's details that the model's outcomes do not pin down: which files and links are admitted or refused and
// why, what `update()` may change, and what the end of a queue reports. Each test here killed mutants of
// `src/core/uploader.ts` that the model test let live (docs/engine.md, "Mutation testing").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventName } from '../../src/core/index.js';
import type { EngineLessUploader } from '../../src/core/uploader.js';
import { settle } from './fakes.js';
import { engine, media, video } from './on-fakes.js';

const text = (name = 'notes.txt') => new File(['x'], name, { type: 'text/plain' });

describe('the queue, in detail', () => {
  it('refuses files by type, size and count, each with its reason and one reject event', () => {
    const e = engine({ manual: true, accept: 'video/*', maxFileSize: 4000, maxFiles: 2 });
    const small = new File(['x'.repeat(100)], 'small.mp4', { type: 'video/mp4' });
    const items = e.uploader.add([text(), video('big.mp4'), small, small, small]);
    assert.deepEqual(
      items.map((item) => item.error?.code),
      ['rejected_type', 'rejected_size', undefined, undefined, 'rejected_count'],
    );
    assert.equal(e.of(EventName.fileReject).length, 3);
    assert.deepEqual(
      e.of(EventName.fileReject).map((r) => r.detail.item.status),
      ['rejected', 'rejected', 'rejected'],
    );
  });

  it('counts only admitted files against maxFiles, links included', () => {
    const e = engine({ manual: true, maxFiles: 2 });
    e.uploader.add([video('one.mp4')]);
    const link = e.uploader.addUrl('https://cdn.example.com/talk.mp4');
    const over = e.uploader.addUrl('https://cdn.example.com/more.mp4');
    assert.equal(link.error, undefined);
    assert.equal(over.error?.code, 'rejected_count');
    const bad = e.uploader.addUrl('ftp://cdn.example.com/talk.mp4');
    assert.notEqual(bad.error?.code, 'rejected_count', 'an invalid link says what is wrong with it');
    assert.equal(bad.status, 'rejected');
  });

  it('takes one file per add() unless multiple, and names an S3 item by its key', () => {
    const single = engine({ manual: true, multiple: false });
    const [first, second] = single.uploader.add([video('a.mp4'), video('b.mp4')]);
    assert.equal(first.error, undefined);
    assert.equal(second.error?.code, 'rejected_count');
    const e = engine({ manual: true });
    const s3 = e.uploader.addS3('bucket', 'folder/clip.mp4');
    assert.equal(s3.status, 'queued');
    assert.match(s3.name, /clip\.mp4$/);
  });

  it('lets update() change an item only while it waits', async () => {
    const e = engine({ manual: true });
    const [item] = e.uploader.add([video()]);
    e.uploader.update(item.id, { name: 'Renamed' });
    assert.equal(e.uploader.items[0].name, 'Renamed');
    e.uploader.update('no-such-id', { name: 'x' });
    e.uploader.start();
    await settle();
    e.tokens.answer(0, 'good');
    await settle();
    e.uploader.update(item.id, { name: 'Too late' });
    assert.equal(e.uploader.items[0].name, 'Renamed');
    assert.equal(e.sends()[0].fields.name, 'Renamed');
  });

  it('reports a queue that ends with what succeeded, failed and was cancelled', async () => {
    const e = engine({ retries: 0, concurrency: 3 });
    e.uploader.add([video('ok.mp4'), video('bad.mp4'), video('gone.mp4')]);
    await settle();
    for (let i = 0; i < 3; i++) e.tokens.answer(0, 'good');
    await settle();
    const bySubject = (name: string) => e.sends().find((r) => r.subject === name)!;
    bySubject('ok.mp4').settle({ status: 200, body: media(1) });
    bySubject('bad.mp4').settle({ status: 400, body: '{"error":"no"}' });
    e.uploader.cancel(e.uploader.items.find((item) => item.name === 'gone.mp4')!.id);
    await settle();
    const [done] = e.of(EventName.queueComplete);
    const names = (items: { name: string }[]) => items.map((item) => item.name);
    assert.deepEqual(names(done.detail.succeeded), ['ok.mp4']);
    assert.deepEqual(names(done.detail.failed), ['bad.mp4']);
    assert.deepEqual(names(done.detail.cancelled), ['gone.mp4']);
  });

  it('tells subscribers of each change until they unsubscribe', () => {
    const e = engine({ manual: true });
    let told = 0;
    const stop = e.uploader.subscribe(() => told++);
    e.uploader.add([video()]);
    const before = told;
    assert.ok(before > 0);
    stop();
    e.uploader.add([video('b.mp4')]);
    assert.equal(told, before);
  });

  it('tells subscribers once a step is complete, after its events, not once per item it touched', () => {
    const e = engine({ manual: true, multiple: true });
    let told = 0;
    let cancelsSeen = -1;
    e.uploader.subscribe(() => {
      told++;
      cancelsSeen = e.of(EventName.uploadCancel).length;
    });
    const items = e.uploader.add([video('a.mp4'), video('b.mp4'), video('c.mp4')]);
    assert.equal(told, 1);
    (e.uploader as EngineLessUploader).act(() => items.forEach((item) => e.uploader.remove(item.id)));
    assert.equal(told, 2);
    assert.equal(cancelsSeen, 3);
    assert.equal(e.uploader.items.length, 0);
  });

  it('gives each item its own id', () => {
    const e = engine({ manual: true });
    const items = e.uploader.add(Array.from({ length: 50 }, (_, i) => video(`v${i}.mp4`)));
    assert.equal(new Set(items.map((item) => item.id)).size, 50);
  });
});
