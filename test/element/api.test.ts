import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  EventName,
  FileRejectEvent,
  MediaReadyEvent,
  QueueCompleteEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
  WistiaUploader,
} from '../../src/wistia-uploader.js';
import {
  settled,
  mountUploader,
  ofType,
  recordEvents,
  row,
  rowButton,
  standin,
  untilStatus,
  videoFile,
} from './support.js';

const TERMINAL = ['wistia-upload-success', 'wistia-upload-error', 'wistia-upload-cancel'];

describe('methods', () => {
  beforeEach(() => standin.reset());

  it('addFiles: queues files with the same checks as a drop and returns the new items', async () => {
    const el = await mountUploader({ multiple: true });
    const items = el.addFiles([videoFile('a.mp4'), videoFile('b.txt', 4, 'text/plain')]);
    expect(items.map((i) => [i.name, i.source, i.status, i.size, i.type])).to.deep.equal([
      ['a.mp4', 'file', 'queued', 2048, 'video/mp4'],
      ['b.txt', 'file', 'rejected', 4, 'text/plain'],
    ]);
    expect(items[0].file).to.be.instanceOf(File);
    expect(items[0]).to.include({ loaded: 0, total: 2048, attempts: 0 });
    await untilStatus(el, 'succeeded');
  });

  it('addFiles: follows multiple like a drop', async () => {
    const el = await mountUploader();
    const items = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4')]);
    expect(items.map((i) => i.error?.code ?? i.status)).to.deep.equal(['queued', 'rejected_count']);
  });

  it('importUrl: imports a link with optional fields; an s3:// link becomes an S3 copy', async () => {
    const el = await mountUploader();
    const link = el.importUrl('https://cdn.example.com/path/Demo%20Reel.mov', { name: 'Reel', description: 'Q3' });
    expect(link).to.include({ source: 'url', name: 'Reel', status: 'queued' });
    const s3 = el.importUrl('s3://assets-bucket/raw/clip.mp4');
    expect(s3).to.include({ source: 's3', bucket: 'assets-bucket', sourceFile: 'raw/clip.mp4', name: 'clip.mp4' });
    await untilStatus(el, 'succeeded', 2);
    const upload = (await standin.requests()).find((r) => r.route === 'upload')!;
    expect(upload.fields).to.include({
      url: 'https://cdn.example.com/path/Demo%20Reel.mov',
      name: 'Reel',
      description: 'Q3',
    });
  });

  it('importS3: copies an S3 object', async () => {
    const el = await mountUploader({ 'project-id': 'p9' });
    const item = el.importS3('assets-bucket', '/videos/a.mp4', { name: 'From S3' });
    expect(item).to.include({ source: 's3', bucket: 'assets-bucket', sourceFile: 'videos/a.mp4', name: 'From S3' });
    await untilStatus(el, 'succeeded');
    const copy = (await standin.requests()).find((r) => r.route === 's3_copy')!;
    expect(copy.fields).to.include({
      bucket: 'assets-bucket',
      source_file: 'videos/a.mp4',
      name: 'From S3',
      project_id: 'p9',
    });
  });

  it('start: sends what manual mode holds', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([videoFile()]);
    await new Promise((r) => setTimeout(r, 200));
    expect(el.items[0].status).to.equal('queued');
    el.start();
    await untilStatus(el, 'succeeded');
  });

  it('cancel(id) cancels one item; cancel() every active one', async () => {
    const el = await mountUploader({ multiple: true, concurrency: '1' });
    await standin.script('upload', [{ stall: true }, { stall: true }, { stall: true }]);
    const [a, b, c] = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4'), videoFile('c.mp4')]);
    await untilStatus(el, 'uploading');
    const events = recordEvents(el);
    el.cancel(b.id);
    expect(el.items.find((i) => i.id === b.id)!.status).to.equal('cancelled');
    el.cancel();
    expect(el.items.map((i) => i.status)).to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
    expect(ofType(events, 'wistia-upload-cancel').map((e) => e.detail.item.id)).to.deep.equal([b.id, a.id, c.id]);
  });

  it('retry(id) starts a failed item again; retry() every failed one', async () => {
    const el = await mountUploader({ multiple: true, retries: '0' });
    await standin.script('upload', [{ status: 500 }, { status: 500 }]);
    el.addFiles([videoFile('a.mp4'), videoFile('b.mp4')]);
    await untilStatus(el, 'failed', 2);
    const [a] = el.items;
    el.retry(a.id);
    await untilStatus(el, 'succeeded');
    expect(el.items.map((i) => i.status)).to.deep.equal(['succeeded', 'failed']);
    el.retry();
    await untilStatus(el, 'succeeded', 2);
  });

  it('remove(id) removes an item, cancelling it first; remove() with no id is Element.remove()', async () => {
    const el = await mountUploader({ multiple: true });
    await standin.script('upload', [{ stall: true }]);
    const [a, b] = el.addFiles([videoFile('a.mp4'), videoFile('b.txt', 1, 'text/plain')]);
    await untilStatus(el, 'uploading');
    const cancelled = oneEvent(el, 'wistia-upload-cancel');
    el.remove(a.id);
    expect((await cancelled).detail.item.id).to.equal(a.id);
    el.remove(b.id);
    expect(el.items).to.deep.equal([]);
    const parent = el.parentNode!;
    el.remove();
    expect(el.isConnected).to.equal(false);
    expect(parent.contains(el)).to.equal(false);
  });

  it('clear: removes finished items only', async () => {
    const el = await mountUploader({ multiple: true });
    await standin.script('upload', [{ pass: true }, { stall: true }]);
    el.addFiles([videoFile('done.mp4')]);
    await untilStatus(el, 'succeeded');
    el.addFiles([videoFile('running.mp4'), videoFile('refused.txt', 1, 'text/plain')]);
    await untilStatus(el, 'uploading');
    el.clear();
    expect(el.items.map((i) => i.name)).to.deep.equal(['running.mp4']);
  });

  it('openFilePicker: opens the native picker', async () => {
    const el = await mountUploader();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    let opened = 0;
    input.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    el.openFilePicker();
    expect(opened).to.equal(1);
  });

  it('items: a snapshot the app cannot change the list through', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([videoFile('a.mp4')]);
    const snapshot = el.items;
    try {
      (snapshot[0] as { name: string }).name = 'changed';
    } catch {
      // A frozen snapshot refuses the change outright, which is as good.
    }
    expect(el.items[0].name).to.equal('a.mp4');
  });

  it('focus(): focuses the picker button', async () => {
    const el = await mountUploader();
    el.focus();
    expect(el.shadowRoot!.activeElement === el.shadowRoot!.querySelector('[part~=button]')).to.equal(true);
  });
});

describe('events', () => {
  beforeEach(() => standin.reset());

  it('fires each event as its typed class: bubbling, composed, not cancelable, on the element', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <wistia-uploader
          token-url="/wistia/token"
          upload-url="/wistia/upload/"
          api-url="/wistia/api"
          wait-for-ready
          multiple
          retries="1"
        ></wistia-uploader>
      </div>`,
    );
    await standin.config({ processingMs: { queued: 0, processing: 0 } });
    await standin.script('upload', [{ status: 503 }]);
    const el = wrapper.querySelector('wistia-uploader')!;
    const seen = recordEvents(wrapper);
    el.addFiles([videoFile('a.mp4', 200_000), videoFile('b.txt', 1, 'text/plain')]);
    // Processing is not in flight: the media is reported ready after the queue is complete.
    await waitUntil(
      () => ofType(seen, 'wistia-queue-complete').length === 1 && ofType(seen, 'wistia-media-ready').length === 1,
      'queue completes and the media is ready',
      { timeout: 15000 },
    );

    const classes: Record<string, new (...args: any[]) => Event> = {
      [EventName.fileReject]: FileRejectEvent,
      [EventName.uploadStart]: UploadStartEvent,
      [EventName.uploadProgress]: UploadProgressEvent,
      [EventName.uploadRetry]: UploadRetryEvent,
      [EventName.uploadSuccess]: UploadSuccessEvent,
      [EventName.mediaReady]: MediaReadyEvent,
      [EventName.queueComplete]: QueueCompleteEvent,
    };
    for (const [type, Class] of Object.entries(classes)) {
      const event = seen.find((e) => e.type === type);
      expect(event, type).to.not.equal(undefined);
      expect(event).to.be.instanceOf(Class);
      expect(event!.target === el, `${type} target`).to.equal(true);
      expect([event!.bubbles, event!.composed, event!.cancelable], type).to.deep.equal([true, true, false]);
    }

    const reject = ofType(seen, 'wistia-file-reject')[0].detail;
    expect(reject.item).to.include({ name: 'b.txt', status: 'rejected' });
    expect(reject.item.error).to.include({ code: 'rejected_type', retryable: false });

    const retry = ofType(seen, 'wistia-upload-retry')[0].detail;
    expect(Object.keys(retry).sort()).to.deep.equal(['attempt', 'delayMs', 'error', 'item']);
    expect(retry.attempt).to.equal(2);
    expect(retry.error).to.include({ code: 'server', status: 503, retryable: true });
    expect(retry.delayMs).to.be.within(0, 30000);

    for (const progress of ofType(seen, 'wistia-upload-progress')) {
      const d = progress.detail;
      expect(Object.keys(d).sort()).to.deep.equal([
        'bytesPerSecond',
        'item',
        'loaded',
        'percent',
        'secondsLeft',
        'total',
      ]);
      expect(d.loaded).to.be.at.most(d.total);
      expect(d.percent).to.be.within(0, 100);
      expect(d.bytesPerSecond).to.be.at.least(0);
      expect(d.secondsLeft).to.be.a('number');
    }

    const success = ofType(seen, 'wistia-upload-success')[0].detail;
    expect(success.media).to.include.keys(
      'id',
      'hashed_id',
      'name',
      'type',
      'created',
      'updated',
      'duration',
      'progress',
      'thumbnail',
    );
    expect(success.item.media).to.deep.equal(success.media);

    const ready = ofType(seen, 'wistia-media-ready')[0].detail;
    expect(ready.media.hashed_id).to.equal(success.media.hashed_id);
    expect(ready.item.status).to.equal('succeeded');

    const complete = ofType(seen, 'wistia-queue-complete')[0].detail;
    expect(complete.succeeded.map((i: any) => i.name)).to.deep.equal(['a.mp4']);
    expect(complete.failed).to.deep.equal([]);
    expect(complete.cancelled).to.deep.equal([]);
  });

  it('ends every accepted item with exactly one terminal event', async () => {
    const el = await mountUploader({ multiple: true, retries: '0', concurrency: '3' });
    await standin.script('upload', [{ status: 400, body: { error: 'Nope.' } }, { stall: true }, { pass: true }]);
    const seen = recordEvents(el);
    const items = el.addFiles([videoFile('1.mp4'), videoFile('2.mp4'), videoFile('3.mp4')]);
    await waitUntil(
      () =>
        el.items.filter((i) => i.status === 'uploading').length === 1 &&
        ofType(seen, 'wistia-upload-start').length === 3,
      'one left running',
      { timeout: 10000 },
    );
    await waitUntil(() => el.items.filter((i) => i.status !== 'uploading').length === 2, 'two ended', {
      timeout: 10000,
    });
    el.cancel();
    await waitUntil(() => ofType(seen, 'wistia-queue-complete').length === 1);
    for (const item of items) {
      const terminal = seen.filter((e) => TERMINAL.includes(e.type) && e.detail.item.id === item.id);
      expect(terminal, item.name).to.have.length(1);
    }
    expect(ofType(seen, 'wistia-upload-error')[0].detail.error).to.include({
      code: 'wistia_rejected',
      message: 'Nope.',
    });
    expect(ofType(seen, 'wistia-upload-error')[0]).to.be.instanceOf(UploadErrorEvent);
    expect(ofType(seen, 'wistia-upload-cancel')[0]).to.be.instanceOf(UploadCancelEvent);
    for (const e of seen) expect([e.bubbles, e.composed, e.cancelable], e.type).to.deep.equal([true, true, false]);
    const complete = ofType(seen, 'wistia-queue-complete')[0].detail;
    expect([complete.succeeded.length, complete.failed.length, complete.cancelled.length]).to.deep.equal([1, 1, 1]);
  });

  it('gives a retried item a new life: a new start, then one terminal event', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('upload', [{ status: 500 }]);
    const seen = recordEvents(el);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'failed');
    el.retry(item.id);
    await untilStatus(el, 'succeeded');
    await waitUntil(() => ofType(seen, 'wistia-queue-complete').length === 2);
    expect(seen.filter((e) => e.type !== 'wistia-upload-progress').map((e) => e.type)).to.deep.equal([
      'wistia-upload-start',
      'wistia-upload-error',
      'wistia-queue-complete',
      'wistia-upload-start',
      'wistia-upload-success',
      'wistia-queue-complete',
    ]);
  });

  it('reports real progress from a slow network', async () => {
    const el = await mountUploader();
    await standin.slow(4);
    const seen = recordEvents(el);
    el.addFiles([videoFile('big.mp4', 12_000_000)]);
    await untilStatus(el, 'succeeded');
    const progress = ofType(seen, 'wistia-upload-progress').map((e) => e.detail.loaded);
    expect(progress.length).to.be.at.least(2);
    expect([...progress].sort((x, y) => x - y)).to.deep.equal(progress);
  });

  it('fires nothing when the app sets properties', async () => {
    const el = await mountUploader();
    const seen = recordEvents(el);
    Object.assign(el, {
      tokenUrl: '/x',
      accept: '.mov',
      maxFiles: 1,
      multiple: true,
      manual: true,
      concurrency: 1,
      retries: 0,
      disabled: true,
      name: 'n',
      required: true,
      messages: { importButton: 'Go' },
      lang: 'fr',
    } satisfies Partial<WistiaUploader>);
    await settled(el);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).to.deep.equal([]);
  });

  it('shows Cancel while running, Retry and Remove after a failure, Remove when done', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('upload', [{ stall: true }]);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'uploading');
    await standin.received('upload'); // the stall is used up, so the retry goes through
    const labels = () => [...row(el, item.id)!.querySelectorAll('.actions button')].map((b) => b.textContent!.trim());
    expect(labels()).to.deep.equal(['Cancel']);
    rowButton(el, item.id, 'Cancel').click();
    await settled(el);
    expect(labels()).to.deep.equal(['Retry', 'Remove']);
    expect(row(el, item.id)!.querySelector('.state')!.textContent!.trim()).to.equal('Cancelled');
    rowButton(el, item.id, 'Retry').click();
    await untilStatus(el, 'succeeded');
    expect(labels()).to.deep.equal(['Remove']);
    rowButton(el, item.id, 'Remove').click();
    await settled(el);
    expect(row(el, item.id)).to.equal(null);
  });

  it("shows Wistia's own words for a refused upload, and a failed token request", async () => {
    const el = await mountUploader({ multiple: true, retries: '0' });
    await standin.script('upload', [{ status: 400, body: { error: { message: 'Video limit reached.' } } }]);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'failed');
    expect(row(el, item.id)!.querySelector('.error')!.textContent!.trim()).to.equal('Video limit reached.');

    const other = await mountUploader({ retries: '0' });
    await standin.script('token', [{ status: 403, body: { error: 'Sign in to upload.' } }]);
    const [second] = other.addFiles([videoFile()]);
    await untilStatus(other, 'failed');
    expect(other.items[0].error!.code).to.equal('token_failed');
    expect(row(other, second.id)!.querySelector('.error')!.textContent!.trim()).to.equal('Sign in to upload.');

    const third = await mountUploader({ retries: '0' });
    await standin.script('token', [{ status: 403, body: '' }]);
    const [plain] = third.addFiles([videoFile()]);
    await untilStatus(third, 'failed');
    expect(
      row(third, plain.id)!.querySelector('.error')!.textContent!.trim(),
      'our words when Wistia said none',
    ).to.equal('Could not get permission to upload. (HTTP 403)');
  });
});
