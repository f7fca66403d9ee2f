import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  createUploader,
  EventName,
  type Uploader,
  type UploaderOptions,
  type UploadItem,
} from '../../src/core/index.js';
import { enterPhase, IllegalTransitionError, PhaseRun } from '../../src/core/item-phase.js';
import { runtimeWith } from '../../src/core/runtime.js';
import { macrotask, makeFile, next, record, settled, stubTokenEndpoint, waitFor } from '../helpers/core-fixtures.js';
import { mock, type MockRequest, type MockResponse } from '../helpers/xhr-mock.js';

const UPLOAD = 'https://upload.test/';
const S3 = 'https://upload.test/s3_copy';
const media = (n = 1) => ({
  id: n,
  hashed_id: `hash${n}abcde`,
  name: `m${n}`,
  type: 'Video',
  created: 'c',
  updated: 'u',
});
const ok = (res: MockResponse, n = 1) =>
  res
    .status(200)
    .header('Content-Type', 'application/json')
    .body(JSON.stringify(media(n)));

interface Seen {
  url: string;
  auth: string | null;
  body: any;
}

describe('upload queue', () => {
  let tokens: ReturnType<typeof stubTokenEndpoint>;
  let seen: Seen[];
  let uploader: Uploader;

  const make = (options: UploaderOptions = {}) =>
    (uploader = createUploader({ tokenUrl: '/token', uploadUrl: UPLOAD, s3CopyUrl: S3, multiple: true, ...options }));
  const capture = (req: MockRequest) =>
    seen.push({ url: req.url().toString(), auth: req.header('Authorization'), body: req.body() });
  /** Answers uploads in order with the given handlers; the last one repeats. */
  const answer = (...handlers: ((res: MockResponse) => MockResponse | Promise<MockResponse>)[]) => {
    mock.post(/^https:\/\/upload\.test\//, (req, res) => {
      capture(req);
      return handlers[Math.min(seen.length - 1, handlers.length - 1)](res);
    });
  };

  beforeEach(() => {
    mock.setup();
    mock.error(() => {});
    seen = [];
    tokens = stubTokenEndpoint([{ body: { token: 'tok-1' } }, { body: { token: 'tok-2' } }]);
  });
  afterEach(() => {
    uploader?.dispose();
    mock.teardown();
    tokens.restore();
    sinon.restore();
  });

  describe('requests', () => {
    it('sends a file as multipart, fields in Wistia order, the token only in the Authorization header', async () => {
      answer((res) => ok(res));
      make({ projectId: 'proj1', description: 'default description', contactId: '42' });
      const events = record(uploader);
      const [item] = uploader.add([makeFile('clip.mp4', 2048)]);
      await settled(uploader);
      expect(seen).to.have.length(1);
      expect(seen[0].url).to.equal(UPLOAD);
      expect(seen[0].auth).to.equal('Bearer tok-1');
      expect([...seen[0].body.keys()]).to.deep.equal(['project_id', 'name', 'description', 'contact_id', 'file']);
      expect(seen[0].body.get('name')).to.equal('clip.mp4');
      expect(seen[0].body.get('description')).to.equal('default description');
      expect(seen[0].body.get('file').size).to.equal(2048);
      const types = events.map((e) => e.type).filter((t) => t !== EventName.uploadProgress);
      expect(types).to.deep.equal([EventName.uploadStart, EventName.uploadSuccess, EventName.queueComplete]);
      const success = events.find((e) => e.type === EventName.uploadSuccess)!.detail;
      expect(success.media).to.deep.equal(media());
      expect(success.item).to.include({
        id: item.id,
        status: 'succeeded',
        source: 'file',
        loaded: 2048,
        total: 2048,
        attempts: 1,
      });
      expect(uploader.items[0].media).to.deep.equal(media());
    });

    it('imports a link as form-urlencoded with the same fields', async () => {
      answer((res) => ok(res));
      make({ projectId: 'p' });
      const item = uploader.addUrl('https://www.dropbox.com/s/abc/My%20Talk.mov?dl=0', { description: 'talk' });
      expect(item).to.include({
        source: 'url',
        name: 'My Talk.mov',
        url: 'https://dl.dropbox.com/s/abc/My%20Talk.mov',
      });
      await settled(uploader);
      expect(seen[0].body.toString()).to.equal(
        'url=https%3A%2F%2Fdl.dropbox.com%2Fs%2Fabc%2FMy%2520Talk.mov&project_id=p&name=My+Talk.mov&description=talk',
      );
    });

    it('copies from S3 through the S3 copy endpoint, also for pasted s3:// links', async () => {
      answer((res) => ok(res));
      make();
      uploader.addS3('media-bucket', '/dogs/lenny.mp4', { name: 'Lenny' });
      uploader.addUrl('s3://media-bucket/cats/tom.mp4');
      await settled(uploader);
      expect(seen.map((s) => s.url)).to.deep.equal([S3, S3]);
      expect(seen[0].body.toString()).to.equal('bucket=media-bucket&source_file=dogs%2Flenny.mp4&name=Lenny');
      expect(seen[1].body.toString()).to.equal('bucket=media-bucket&source_file=cats%2Ftom.mp4&name=tom.mp4');
    });

    it('keeps at most `concurrency` uploads in flight', async () => {
      let inFlight = 0;
      let most = 0;
      mock.post(UPLOAD, async (req, res) => {
        capture(req);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return ok(res);
      });
      make({ concurrency: 2 });
      uploader.add([1, 2, 3, 4, 5].map((n) => makeFile(`v${n}.mp4`)));
      const done = await settled(uploader);
      expect(done.succeeded).to.have.length(5);
      expect(most).to.equal(2);
    });

    it('calls a 200 that is not media JSON an invalid response, without retrying', async () => {
      answer((res) => res.status(200).body('<html>hello</html>'));
      make();
      uploader.add([makeFile()]);
      const error = await next(uploader, EventName.uploadError);
      expect(error.error.code).to.equal('invalid_response');
      expect(seen).to.have.length(1);
    });
  });

  describe('validation before any request', () => {
    it('rejects wrong type, empty, too big and too many with the reason, sending nothing', async () => {
      make({ maxFileSize: 100, maxFiles: 1 });
      const events = record(uploader);
      const items = uploader.add([
        makeFile('notes.txt', 10, 'text/plain'),
        makeFile('empty.mp4', 0),
        makeFile('big.mp4', 101),
        makeFile('fine.mp4', 100),
        makeFile('extra.mp4', 10),
      ]);
      expect(items.map((i) => i.error?.code ?? i.status)).to.deep.equal([
        'rejected_type',
        'rejected_empty',
        'rejected_size',
        'queued',
        'rejected_count',
      ]);
      const rejects = events.filter((e) => e.type === EventName.fileReject);
      expect(rejects.map((e) => e.detail.item.status)).to.deep.equal(['rejected', 'rejected', 'rejected', 'rejected']);
      uploader.dispose();
      expect(seen).to.have.length(0);
    });

    it('rejects bad links as invalid or insecure', () => {
      make();
      expect(uploader.addUrl('javascript:alert(1)').error?.code).to.equal('insecure_url');
      expect(uploader.addUrl('https://example.com/page').error?.code).to.equal('invalid_url');
      expect(uploader.addS3('x', '').error?.code).to.equal('invalid_url');
      expect(uploader.items.every((i) => i.status === 'rejected')).to.equal(true);
    });

    it('takes one file per add() unless multiple is set, as one pick or drop, and every file with it', () => {
      make({ manual: true, multiple: false });
      const [first, second] = uploader.add([makeFile('a.mp4'), makeFile('b.mp4')]);
      expect(first.status).to.equal('queued');
      expect(second.error?.code).to.equal('rejected_count');
      expect(uploader.add([makeFile('c.mp4')])[0].status, 'each call is a pick of its own').to.equal('queued');
      uploader.configure({ multiple: undefined });
      expect(uploader.add([makeFile('f.mp4'), makeFile('g.mp4')])[1].error?.code, 'off by default').to.equal(
        'rejected_count',
      );
      uploader.configure({ multiple: true });
      expect(uploader.add([makeFile('d.mp4'), makeFile('e.mp4')]).map((item) => item.status)).to.deep.equal([
        'queued',
        'queued',
      ]);
    });

    it('counts links towards max-files too', () => {
      make({ maxFiles: 1, manual: true });
      uploader.addUrl('https://x.test/a.mp4');
      expect(uploader.addUrl('https://x.test/b.mp4').error?.code).to.equal('rejected_count');
    });
  });

  describe('failures and retries', () => {
    let clock: sinon.SinonFakeTimers;
    /** Runs fake time forward, one timer at a time, until the queue reports complete. */
    const runAll = async () => {
      let complete = false;
      const onComplete = () => (complete = true);
      uploader.addEventListener(EventName.queueComplete, onComplete);
      for (let i = 0; i < 500 && !complete; i++) {
        await macrotask();
        if (clock.countTimers() > 0) await clock.nextAsync();
      }
      uploader.removeEventListener(EventName.queueComplete, onComplete);
    };
    beforeEach(() => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => clock.restore());

    it("surfaces a 400 with Wistia's message after exactly one request", async () => {
      answer((res) =>
        res
          .status(400)
          .body('{"error":"This account has exceeded its video limit. Please upgrade to upload more videos."}'),
      );
      make();
      const events = record(uploader);
      uploader.add([makeFile()]);
      await runAll();
      expect(seen).to.have.length(1);
      const error = events.find((e) => e.type === EventName.uploadError)!.detail.error;
      expect(error).to.deep.equal({
        code: 'wistia_rejected',
        message: 'This account has exceeded its video limit. Please upgrade to upload more videos.',
        status: 400,
        retryable: false,
      });
      expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(0);
    });

    it('retries 503, 503 then succeeds, with exponential backoff and jitter', async () => {
      answer(
        (res) => res.status(503),
        (res) => res.status(503),
        (res) => ok(res),
      );
      make();
      const events = record(uploader);
      uploader.add([makeFile()]);
      await runAll();
      const retries = events.filter((e) => e.type === EventName.uploadRetry).map((e) => e.detail);
      expect(retries.map((r) => r.attempt)).to.deep.equal([2, 3]);
      expect(retries[0].delayMs).to.be.within(500, 1000);
      expect(retries[1].delayMs).to.be.within(1000, 2000);
      expect(retries[0].error).to.include({ code: 'server', status: 503, retryable: true });
      expect(events.filter((e) => e.type === EventName.uploadSuccess)).to.have.length(1);
      expect(events.filter((e) => e.type === EventName.uploadStart)).to.have.length(1);
      expect(seen).to.have.length(3);
    });

    it('honours Retry-After on a 429', async () => {
      answer(
        (res) => res.status(429).header('Retry-After', '7'),
        (res) => ok(res),
      );
      make();
      uploader.add([makeFile()]);
      const retry = next(uploader, EventName.uploadRetry);
      await runAll();
      expect((await retry).delayMs).to.equal(7000);
    });

    it('gives up after `retries` retries with the last error', async () => {
      answer((res) => res.status(500));
      make({ retries: 2 });
      const events = record(uploader);
      uploader.add([makeFile()]);
      await runAll();
      expect(seen).to.have.length(3);
      expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(2);
      const failed = events.find((e) => e.type === EventName.uploadError)!.detail;
      expect(failed.item).to.include({ status: 'failed', attempts: 3 });
      expect(failed.error).to.include({ code: 'server', status: 500 });
    });

    it('retries a network error and a 408', async () => {
      answer(
        () => Promise.reject(new Error('reset')),
        (res) => res.status(408),
        (res) => ok(res),
      );
      make();
      const events = record(uploader);
      uploader.add([makeFile()]);
      await runAll();
      const codes = events.filter((e) => e.type === EventName.uploadRetry).map((e) => e.detail.error.code);
      expect(codes).to.deep.equal(['network', 'server']);
      expect(events.some((e) => e.type === EventName.uploadSuccess)).to.equal(true);
    });

    it('drops the token after a 401, fetches a new one and repeats the attempt once', async () => {
      answer(
        (res) => res.status(401).body('<html>no</html>'),
        (res) => ok(res),
      );
      make();
      const events = record(uploader);
      uploader.add([makeFile()]);
      await runAll();
      expect(seen.map((s) => s.auth)).to.deep.equal(['Bearer tok-1', 'Bearer tok-2']);
      expect(tokens.calls).to.have.length(2);
      expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(0);
      expect(events.some((e) => e.type === EventName.uploadSuccess)).to.equal(true);
    });

    it('ends the item unauthorized after a second 401', async () => {
      answer((res) => res.status(401));
      make();
      uploader.add([makeFile()]);
      const error = next(uploader, EventName.uploadError);
      await runAll();
      expect((await error).error).to.include({ code: 'unauthorized', status: 401 });
      expect(seen).to.have.length(2);
    });

    it('fails with token_failed and sends no upload when the token endpoint keeps failing', async () => {
      tokens.restore();
      tokens = stubTokenEndpoint([{ status: 500, body: { error: 'Token service down' } }]);
      answer((res) => ok(res));
      make({ retries: 1 });
      uploader.add([makeFile()]);
      const error = next(uploader, EventName.uploadError);
      await runAll();
      expect((await error).error).to.include({ code: 'token_failed', message: 'Token service down', retryable: true });
      expect(tokens.calls).to.have.length(2);
      expect(seen).to.have.length(0);
    });

    it('waits for the online event instead of burning retries while offline', async () => {
      let online = true;
      sinon.stub(Navigator.prototype, 'onLine').get(() => online);
      answer(
        () => {
          online = false;
          return Promise.reject(new Error('offline'));
        },
        (res) => ok(res),
      );
      make({ retries: 0 });
      const events = record(uploader);
      uploader.add([makeFile()]);
      for (let i = 0; i < 20; i++) await macrotask();
      expect(clock.countTimers(), 'no backoff timer while offline').to.equal(0);
      expect(seen).to.have.length(1);
      expect(events.some((e) => e.type === EventName.uploadError || e.type === EventName.uploadRetry)).to.equal(false);
      online = true;
      window.dispatchEvent(new Event('online'));
      await runAll();
      expect(seen).to.have.length(2);
      expect(events.filter((e) => e.type === EventName.uploadSuccess)).to.have.length(1);
    });
  });

  it('gives up a stalled attempt and retries it', async () => {
    let calls = 0;
    mock.post(UPLOAD, (req, res) => {
      capture(req);
      return ++calls === 1 ? new Promise<MockResponse>(() => {}) : ok(res);
    });
    make({ stallTimeout: 30 });
    const retry = next(uploader, EventName.uploadRetry);
    uploader.add([makeFile()]);
    expect((await retry).error).to.include({ code: 'stalled', retryable: true });
  });

  describe('control by the app', () => {
    it('cancels a queued and an uploading item with one cancel event each and nothing after', async () => {
      mock.post(UPLOAD, (req) => {
        capture(req);
        return new Promise<MockResponse>(() => {});
      });
      make({ concurrency: 1 });
      const events = record(uploader);
      const [first, second] = uploader.add([makeFile('a.mp4'), makeFile('b.mp4')]);
      await waitFor(() => seen.length === 1);
      uploader.cancel();
      await new Promise((r) => setTimeout(r, 20));
      const cancels = events.filter((e) => e.type === EventName.uploadCancel).map((e) => e.detail.item.id);
      expect(cancels.sort()).to.deep.equal([first.id, second.id].sort());
      expect(events.filter((e) => e.type === EventName.uploadError)).to.have.length(0);
      expect(events.at(-1)!.type).to.equal(EventName.queueComplete);
      expect(events.at(-1)!.detail.cancelled).to.have.length(2);
      expect(seen).to.have.length(1);
    });

    it('retries a failed item as a new life: a new start, then one terminal event', async () => {
      answer(
        (res) => res.status(400).body('{"error":"no"}'),
        (res) => ok(res),
      );
      make();
      const events = record(uploader);
      const [item] = uploader.add([makeFile()]);
      await settled(uploader);
      uploader.retry(item.id);
      await settled(uploader);
      const types = events.map((e) => e.type).filter((t) => t !== EventName.uploadProgress);
      expect(types).to.deep.equal([
        EventName.uploadStart,
        EventName.uploadError,
        EventName.queueComplete,
        EventName.uploadStart,
        EventName.uploadSuccess,
        EventName.queueComplete,
      ]);
      expect(uploader.items[0]).to.include({ status: 'succeeded', attempts: 1 });
      expect(uploader.items[0].error).to.equal(undefined);
    });

    it('retry() with no id retries every failed item', async () => {
      answer(
        (res) => res.status(400),
        (res) => res.status(400),
        (res) => ok(res),
      );
      make({ concurrency: 1 });
      uploader.add([makeFile('a.mp4'), makeFile('b.mp4')]);
      await settled(uploader);
      uploader.retry();
      const done = await settled(uploader);
      expect(done.succeeded).to.have.length(2);
    });

    it('holds items in manual mode until start(), letting the app rename them first', async () => {
      answer((res) => ok(res));
      make({ manual: true });
      const [item] = uploader.add([makeFile('raw.mp4')]);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).to.have.length(0);
      uploader.update(item.id, { name: 'Final cut', description: 'Edited' });
      uploader.start();
      await settled(uploader);
      expect(seen[0].body.get('name')).to.equal('Final cut');
      expect(seen[0].body.get('description')).to.equal('Edited');
    });

    it("holds names the app sets to Wistia's 255-character limit, before the extension", async () => {
      answer((res) => ok(res));
      make({
        manual: true,
        beforeUpload: (item) => (item.name.startsWith('b') ? { name: `${'y'.repeat(400)}.mov` } : undefined),
      });
      const [a] = uploader.add([makeFile('a.mp4'), makeFile('b.mp4')]);
      uploader.update(a.id, { name: `${'x'.repeat(300)}.mp4` });
      uploader.start();
      await settled(uploader);
      const names = seen.map((s) => s.body.get('name') as string).sort();
      expect(names.map((n) => n.length)).to.deep.equal([255, 255]);
      expect(names[0].endsWith('x.mp4')).to.equal(true);
      expect(names[1].endsWith('y.mov')).to.equal(true);
    });

    it('lets beforeUpload change fields or refuse an item', async () => {
      answer((res) => ok(res));
      make({
        beforeUpload: (item) =>
          item.name.startsWith('secret') ? false : { name: `Renamed ${item.name}`, projectId: 'px' },
      });
      const events = record(uploader);
      uploader.add([makeFile('secret.mp4'), makeFile('public.mp4')]);
      await settled(uploader);
      const reject = events.find((e) => e.type === EventName.fileReject)!.detail.item;
      expect(reject).to.include({ status: 'rejected', name: 'secret.mp4' });
      expect(reject.error.code).to.equal('rejected_by_app');
      expect(seen).to.have.length(1);
      expect(seen[0].body.get('name')).to.equal('Renamed public.mp4');
      expect(seen[0].body.get('project_id')).to.equal('px');
    });

    it('refuses an item whose beforeUpload throws, with its message', async () => {
      make({ beforeUpload: () => Promise.reject(new Error('Quota reached for today')) });
      uploader.add([makeFile()]);
      const reject = await next(uploader, EventName.fileReject);
      expect(reject.item.error).to.include({ code: 'rejected_by_app', message: 'Quota reached for today' });
    });

    it('removes items and clears finished ones', async () => {
      answer((res) => ok(res));
      make({ manual: true });
      const [a, b] = uploader.add([makeFile('a.mp4'), makeFile('b.mp4'), makeFile('bad.txt', 3, 'text/plain')]);
      uploader.remove(a.id);
      expect(uploader.items.map((i) => i.name)).to.deep.equal(['b.mp4', 'bad.txt']);
      uploader.start();
      await settled(uploader);
      uploader.clear();
      expect(uploader.items).to.have.length(0);
      expect(seen.map((s) => s.body.get('name'))).to.deep.equal([b.name]);
    });

    it('applies new options to queued items', async () => {
      answer((res) => ok(res));
      make({ manual: true });
      uploader.add([makeFile()]);
      uploader.configure({ projectId: 'later' });
      uploader.start();
      await settled(uploader);
      expect(seen[0].body.get('project_id')).to.equal('later');
    });

    it('hands out snapshots, so the app cannot corrupt the queue: items and each item in it are frozen', () => {
      make({ manual: true });
      const [item] = uploader.add([makeFile()]);
      item.status = 'succeeded';
      expect(() => ((uploader.items[0] as { status: string }).status = 'failed')).to.throw(TypeError);
      expect(() => (uploader.items as UploadItem[]).pop()).to.throw(TypeError);
      expect(uploader.items[0].status).to.equal('queued');
    });
  });

  it('refuses illegal phase moves, and leaving a phase ends its timers and request', () => {
    const { clock } = runtimeWith();
    expect(() => enterPhase(new PhaseRun('succeeded', clock), 'sending', clock)).to.throw(IllegalTransitionError);
    expect(() => enterPhase(new PhaseRun('rejected', clock), 'waiting', clock)).to.throw(IllegalTransitionError);
    const failed = new PhaseRun('failed', clock);
    let fired = false;
    failed.after(0, () => (fired = true));
    const waiting = enterPhase(failed, 'waiting', clock);
    expect(waiting.name).to.equal('waiting');
    expect(failed.active).to.equal(false);
    expect(failed.signal.aborted).to.equal(true);
    return new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => expect(fired).to.equal(false));
  });
});
