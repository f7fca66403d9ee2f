import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import sinon from 'sinon';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import {
  settled,
  $,
  beforeUnloadPrevented,
  dropFiles,
  mountUploader,
  ofType,
  part,
  recordEvents,
  row,
  standin,
  untilStatus,
  videoFile,
  press,
  typeText,
} from './support.js';

/** How many items were in flight at most, from start to terminal events. */
function maxInFlight(events: Array<Event & { detail: any }>): number {
  let now = 0;
  let max = 0;
  for (const e of events) {
    if (e.type === 'wistia-upload-start') max = Math.max(max, ++now);
    if (['wistia-upload-success', 'wistia-upload-error', 'wistia-upload-cancel'].includes(e.type)) now--;
  }
  return max;
}

describe('attributes and properties', () => {
  beforeEach(() => standin.reset());
  afterEach(() => sinon.restore());

  it('has the documented defaults', async () => {
    const el = await fixture<WistiaUploader>(html`<wistia-uploader></wistia-uploader>`);
    expect({
      tokenUrl: el.tokenUrl,
      tokenCredentials: el.tokenCredentials,
      uploadUrl: el.uploadUrl,
      s3CopyUrl: el.s3CopyUrl,
      apiUrl: el.apiUrl,
      projectId: el.projectId,
      contactId: el.contactId,
      description: el.description,
      accept: el.accept,
      maxFileSize: el.maxFileSize,
      maxFiles: el.maxFiles,
      multiple: el.multiple,
      capture: el.capture,
      concurrency: el.concurrency,
      retries: el.retries,
      stallTimeout: el.stallTimeout,
      manual: el.manual,
      waitForReady: el.waitForReady,
      noUrl: el.noUrl,
      noUnloadWarning: el.noUnloadWarning,
      disabled: el.disabled,
      name: el.name,
      required: el.required,
      getToken: el.getToken,
      beforeUpload: el.beforeUpload,
      messages: el.messages,
    }).to.deep.equal({
      tokenUrl: undefined,
      tokenCredentials: 'same-origin',
      uploadUrl: 'https://upload.wistia.com/',
      s3CopyUrl: 'https://upload.wistia.com/s3_copy',
      apiUrl: 'https://api.wistia.com',
      projectId: undefined,
      contactId: undefined,
      description: undefined,
      accept: 'video/*',
      maxFileSize: 0,
      maxFiles: 0,
      multiple: false,
      capture: undefined,
      concurrency: 2,
      retries: 3,
      stallTimeout: 30000,
      manual: false,
      waitForReady: false,
      noUrl: false,
      noUnloadWarning: false,
      disabled: false,
      name: undefined,
      required: false,
      getToken: undefined,
      beforeUpload: undefined,
      messages: undefined,
    });
    expect(el.items).to.deep.equal([]);
  });

  it('maps every attribute to its property', async () => {
    const el = await fixture<WistiaUploader>(
      html`<wistia-uploader
        token-url="/t"
        token-credentials="include"
        upload-url="https://u.example/"
        s3-copy-url="https://u.example/s3"
        api-url="https://a.example"
        project-id="p1"
        contact-id="7"
        description="d"
        accept=".mov"
        max-file-size="100"
        max-files="5"
        multiple
        capture="environment"
        concurrency="4"
        retries="1"
        stall-timeout="900"
        manual
        wait-for-ready
        no-url
        no-unload-warning
        disabled
        name="videos"
        required
      ></wistia-uploader>`,
    );
    expect([
      el.tokenUrl,
      el.tokenCredentials,
      el.uploadUrl,
      el.s3CopyUrl,
      el.apiUrl,
      el.projectId,
      el.contactId,
      el.description,
      el.accept,
      el.maxFileSize,
      el.maxFiles,
      el.multiple,
      el.capture,
      el.concurrency,
      el.retries,
      el.stallTimeout,
      el.manual,
      el.waitForReady,
      el.noUrl,
      el.noUnloadWarning,
      el.disabled,
      el.name,
      el.required,
    ]).to.deep.equal([
      '/t',
      'include',
      'https://u.example/',
      'https://u.example/s3',
      'https://a.example',
      'p1',
      '7',
      'd',
      '.mov',
      100,
      5,
      true,
      'environment',
      4,
      1,
      900,
      true,
      true,
      true,
      true,
      true,
      'videos',
      true,
    ]);
  });

  it('reflects disabled', async () => {
    const el = await mountUploader();
    el.disabled = true;
    await settled(el);
    expect(el.hasAttribute('disabled')).to.equal(true);
    el.disabled = false;
    await settled(el);
    expect(el.hasAttribute('disabled')).to.equal(false);
  });

  describe('token', () => {
    it('token-url: asks the backend for a token with the project id, then uploads with it', async () => {
      const el = await mountUploader({ 'project-id': 'proj42' });
      const success = oneEvent(el, 'wistia-upload-success');
      await dropFiles(el, [videoFile()]);
      await success;
      const log = await standin.requests();
      const token = log.find((r) => r.route === 'token')!;
      expect(token.method).to.equal('POST');
      expect(token.fields).to.deep.equal({ project_id: 'proj42' });
      expect(log.find((r) => r.route === 'upload')!.auth).to.equal('ok');
    });

    it('token-credentials: sets the credentials mode of the token request; unknown values mean same-origin', async () => {
      const spy = sinon.spy(window, 'fetch');
      const el = await mountUploader({ 'token-credentials': 'include' });
      await dropFiles(el, [videoFile()]);
      await untilStatus(el, 'succeeded');
      const call = spy.getCalls().find((c) => String(c.args[0]).endsWith('/wistia/token'))!;
      expect(call.args[1]!.credentials).to.equal('include');

      spy.resetHistory();
      const other = await mountUploader({ 'token-credentials': 'bogus' });
      await dropFiles(other, [videoFile()]);
      await untilStatus(other, 'succeeded');
      const second = spy.getCalls().find((c) => String(c.args[0]).endsWith('/wistia/token'))!;
      expect(second.args[1]!.credentials).to.equal('same-origin');
    });

    it('getToken: replaces token-url and receives the project id and a signal', async () => {
      const el = await mountUploader({ 'token-url': '/nowhere', 'project-id': 'p7' });
      const getToken = sinon.spy(async () => {
        const res = await fetch('/wistia/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"project_id":"p7"}',
        });
        return { token: (await res.json()).token as string };
      });
      el.getToken = getToken;
      await dropFiles(el, [videoFile()]);
      await untilStatus(el, 'succeeded');
      expect(getToken.callCount).to.equal(1);
      const request = (getToken.firstCall.args as unknown[])[0] as { projectId?: string; signal: AbortSignal };
      expect(request.projectId).to.equal('p7');
      expect(request.signal).to.be.instanceOf(AbortSignal);
    });
  });

  describe('endpoints', () => {
    it('upload-url, s3-copy-url: files and links go to the upload URL, S3 objects to the copy URL', async () => {
      const el = await mountUploader();
      el.importUrl('https://cdn.example.com/a.mp4');
      el.importS3('bucket-one', 'b.mp4');
      await dropFiles(el, [videoFile()]);
      await untilStatus(el, 'succeeded', 3);
      const routes = (await standin.requests()).filter((r) => r.route !== 'token').map((r) => `${r.route} ${r.path}`);
      expect(routes.sort()).to.deep.equal([
        's3_copy /wistia/upload/s3_copy',
        'upload /wistia/upload/',
        'upload /wistia/upload/',
      ]);
    });

    for (const [attribute, value, act] of [
      ['upload-url', 'http://upload.example.test/', (el: WistiaUploader) => el.addFiles([videoFile()])],
      ['s3-copy-url', 'http://upload.example.test/s3_copy', (el: WistiaUploader) => el.importS3('bucket-one', 'a.mp4')],
      [
        'api-url',
        'http://api.example.test',
        (el: WistiaUploader) => (el.setAttribute('wait-for-ready', ''), el.addFiles([videoFile()])),
      ],
    ] as const) {
      it(`${attribute}: refuses plain http outside localhost, before the token is fetched`, async () => {
        const el = await mountUploader({ [attribute]: value });
        const events = recordEvents(el);
        await settled(el);
        const error = oneEvent(el, 'wistia-upload-error');
        act(el);
        const { detail } = await error;
        expect(detail.error.code).to.equal('insecure_url');
        expect(detail.error.reason).to.equal('errorInsecureEndpoint');
        expect(await standin.requests(), 'no token fetched, nothing sent').to.have.length(0);
        await settled(el);
        expect(row(el, detail.item.id)!.querySelector('.error')!.textContent!.trim()).to.equal(
          'Uploads are switched off: the upload address is not secure (https is required).',
        );
        expect(ofType(events, 'wistia-upload-start')).to.have.length(1);
      });
    }

    it('accepts http on localhost', async () => {
      const el = await mountUploader({ 'upload-url': `http://localhost:${location.port}/wistia/upload/` });
      await dropFiles(el, [videoFile()]);
      await untilStatus(el, 'succeeded');
    });
  });

  it("project-id, contact-id, description: sent with every media, in Wistia's field order", async () => {
    const el = await mountUploader({ 'project-id': 'p1', 'contact-id': '42', description: 'From the launch event' });
    await dropFiles(el, [videoFile('talk.mp4')]);
    await untilStatus(el, 'succeeded');
    const upload = (await standin.requests()).find((r) => r.route === 'upload')!;
    expect(upload.fieldOrder).to.deep.equal(['project_id', 'name', 'description', 'contact_id', 'file']);
    expect(upload.fields).to.include({
      project_id: 'p1',
      name: 'talk.mp4',
      description: 'From the launch event',
      contact_id: '42',
    });
  });

  it('capture: reaches the file input the picker button opens; unset, the input has none', async () => {
    const el = await mountUploader();
    const input = () => $(el, 'input[type=file]') as HTMLInputElement;
    expect(input().hasAttribute('capture'), 'no capture by default').to.equal(false);
    el.setAttribute('capture', 'environment');
    await settled(el);
    expect(input().getAttribute('capture')).to.equal('environment');
    el.capture = 'user';
    await settled(el);
    expect(input().getAttribute('capture')).to.equal('user');
    // The Choose button opens this very input.
    const opened = sinon.stub(input(), 'click');
    part(el, 'button').click();
    expect(opened.calledOnce).to.equal(true);
    el.removeAttribute('capture');
    await settled(el);
    expect(input().hasAttribute('capture')).to.equal(false);
  });

  it('accept: uses <input accept> syntax', async () => {
    const el = await mountUploader({ accept: '.mov,audio/*', multiple: true });
    await dropFiles(el, [videoFile('a.mp4'), videoFile('b.mov', 10, ''), videoFile('c.mp3', 10, 'audio/mpeg')]);
    expect(el.items.map((i) => [i.name, i.status === 'rejected' ? i.error!.code : 'queued'])).to.deep.equal([
      ['a.mp4', 'rejected_type'],
      ['b.mov', 'queued'],
      ['c.mp3', 'queued'],
    ]);
  });

  it('accept: empty accepts every file, as on <input>, and the picker gets no accept', async () => {
    const el = await mountUploader({ accept: '', manual: true });
    await dropFiles(el, [new File(['notes'], 'notes.txt', { type: 'text/plain' })]);
    expect(el.items.map((i) => i.status)).to.deep.equal(['queued']);
    expect($(el, 'input[type=file]')!.hasAttribute('accept')).to.equal(false);
  });

  it('max-file-size: shows the limit under the button and refuses bigger files; junk means no limit', async () => {
    const el = await mountUploader({ 'max-file-size': '2000000' });
    expect($(el, '.limits')!.textContent!.trim()).to.equal('Up to 2 MB per file');
    expect(part(el, 'button').getAttribute('aria-describedby')).to.equal('limits');
    el.setAttribute('max-file-size', 'lots');
    await settled(el);
    expect($(el, '.limits')).to.equal(null);
    await dropFiles(el, [videoFile('x.mp4', 5000)]);
    expect(el.items[0].status).to.not.equal('rejected');
  });

  it('max-files: counts items in the list, refused ones excepted', async () => {
    const el = await mountUploader({ 'max-files': '2', multiple: true });
    await dropFiles(el, [
      videoFile('a.mp4'),
      videoFile('b.txt', 5, 'text/plain'),
      videoFile('c.mp4'),
      videoFile('d.mp4'),
    ]);
    expect(el.items.map((i) => i.error?.code ?? 'ok')).to.deep.equal(['ok', 'rejected_type', 'ok', 'rejected_count']);
  });

  it('concurrency: limits uploads in flight', async () => {
    const el = await mountUploader({ concurrency: '1', multiple: true });
    await standin.script('upload', [
      { delayMs: 300 },
      { delayMs: 300 },
      { delayMs: 300 },
      { delayMs: 300 },
      { delayMs: 300 },
      { delayMs: 300 },
    ]);
    const events = recordEvents(el);
    await dropFiles(el, [videoFile('1.mp4'), videoFile('2.mp4'), videoFile('3.mp4')]);
    await untilStatus(el, 'succeeded', 3);
    expect(maxInFlight(events)).to.equal(1);

    el.concurrency = 3;
    await settled(el);
    events.length = 0;
    await dropFiles(el, [videoFile('4.mp4'), videoFile('5.mp4'), videoFile('6.mp4')]);
    await untilStatus(el, 'succeeded', 6);
    expect(maxInFlight(events)).to.equal(3);
  });

  it('retries: 0 ends the item at the first transient failure; more retries it', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('upload', [{ status: 503 }]);
    const error = oneEvent(el, 'wistia-upload-error');
    await dropFiles(el, [videoFile()]);
    expect((await error).detail.error.code).to.equal('server');
    expect((await standin.requests()).filter((r) => r.route === 'upload')).to.have.length(1);

    // A new element: the reset stand-in no longer knows the first one's token.
    await standin.reset();
    const again = await mountUploader({ retries: '1' });
    await standin.script('upload', [{ status: 503 }]);
    const events = recordEvents(again);
    const success = oneEvent(again, 'wistia-upload-success');
    await dropFiles(again, [videoFile('again.mp4')]);
    await success;
    expect(ofType(events, 'wistia-upload-retry')).to.have.length(1);
    expect((await standin.requests()).filter((r) => r.route === 'upload')).to.have.length(2);
  });

  it('stall-timeout: an upload that stops moving is given up as stalled', async () => {
    const el = await mountUploader({ 'stall-timeout': '400', retries: '0' });
    await standin.script('upload', [{ stall: true }]);
    const error = oneEvent(el, 'wistia-upload-error');
    // Larger than the socket buffers: a small body would be all "sent", and a sent body is never given up as stalled.
    await dropFiles(el, [videoFile('big.mp4', 32_000_000)]);
    const { detail } = await error;
    expect(detail.error.code).to.equal('stalled');
    await settled(el);
    expect(row(el, detail.item.id)!.querySelector('.error')!.textContent!.trim()).to.equal(
      'The upload stopped making progress.',
    );
  });

  describe('manual', () => {
    it('holds items, lets their name and description be edited, and sends them on Start', async () => {
      const el = await mountUploader({ manual: true, multiple: true });
      const events = recordEvents(el);
      await dropFiles(el, [videoFile('raw-take-1.mp4'), videoFile('raw-take-2.mp4')]);
      const [first] = el.items;
      expect(el.items.map((i) => i.status)).to.deep.equal(['queued', 'queued']);
      expect(row(el, first.id)!.querySelector('.state')!.textContent!.trim()).to.equal('Ready to upload');
      expect(el.hasAttribute('uploading'), 'held items are not in flight').to.equal(false);

      const nameField = row(el, first.id)!.querySelector<HTMLInputElement>('input[data-field=name]')!;
      nameField.focus();
      nameField.select();
      await typeText('Launch keynote');
      await press('Tab');
      expect(el.shadowRoot!.activeElement!.getAttribute('data-field')).to.equal('description');
      await typeText('Recorded on stage');
      await press('Tab');
      expect(el.items[0]).to.include({ name: 'Launch keynote', description: 'Recorded on stage' });

      await new Promise((r) => setTimeout(r, 300));
      expect(await standin.requests(), 'nothing sent before Start').to.have.length(0);
      expect(ofType(events, 'wistia-upload-start')).to.have.length(0);

      const start = $(el, '.start') as HTMLButtonElement;
      expect(start.textContent!.trim()).to.equal('Start uploading');
      start.click();
      await untilStatus(el, 'succeeded', 2);
      expect($(el, '.start'), 'Start disappears once nothing is held').to.equal(null);
      const uploads = (await standin.requests()).filter((r) => r.route === 'upload');
      const names = uploads.map((u) => u.fields.name).sort();
      expect(names).to.deep.equal(['Launch keynote', 'raw-take-2.mp4']);
      expect(uploads.find((u) => u.fields.name === 'Launch keynote')!.fields.description).to.equal('Recorded on stage');
    });

    it('sends what was held when manual is switched off', async () => {
      const el = await mountUploader({ manual: true });
      await dropFiles(el, [videoFile()]);
      el.manual = false;
      await untilStatus(el, 'succeeded');
    });
  });

  describe('wait-for-ready', () => {
    it('shows processing until Wistia reports the media ready, polling api-url with the token', async () => {
      await standin.config({ processingMs: { queued: 0, processing: 0 } });
      const el = await mountUploader({ 'wait-for-ready': true });
      const events = recordEvents(el);
      const success = oneEvent(el, 'wistia-upload-success');
      await dropFiles(el, [videoFile()]);
      const { detail } = await success;
      await settled(el);
      expect(detail.item.status).to.equal('processing');
      const item = row(el, detail.item.id)!;
      expect(item.querySelector('.state')!.textContent!.trim()).to.equal('Processing');
      const bar = item.querySelector('[part~=progress]')!;
      expect(bar.getAttribute('role')).to.equal('progressbar');
      expect(bar.hasAttribute('aria-valuenow'), 'indeterminate while processing').to.equal(false);
      expect(el.hasAttribute('uploading'), 'processing is not uploading').to.equal(false);

      const ready = await oneEvent(el, 'wistia-media-ready');
      expect(ready.detail.media.status).to.equal('ready');
      expect(ready.detail.item.status).to.equal('succeeded');
      await settled(el);
      expect(item.querySelector('.state')!.textContent!.trim()).to.equal('Ready');
      const poll = (await standin.requests()).find((r) => r.route === 'media')!;
      expect(poll.path).to.equal(`/wistia/api/v1/medias/${detail.media.hashed_id}.json`);
      expect(poll.auth).to.equal('ok');
      expect(ofType(events, 'wistia-upload-error')).to.have.length(0);
    });

    it('ends the item with processing_failed when Wistia cannot process it', async () => {
      await standin.config({ processingMs: { queued: 0, processing: 0 } });
      const el = await mountUploader({ 'wait-for-ready': true });
      const success = oneEvent(el, 'wistia-upload-success');
      await dropFiles(el, [videoFile()]);
      const { detail } = await success;
      await standin.config({ failMedia: detail.media.hashed_id });
      const error = await oneEvent(el, 'wistia-upload-error');
      expect(error.detail.error.code).to.equal('processing_failed');
      await settled(el);
      expect(row(el, detail.item.id)!.querySelector('.error')!.textContent!.trim()).to.equal(
        'Wistia could not process this file.',
      );
    });
  });

  it('no-url: hides the link field', async () => {
    const el = await mountUploader({ 'no-url': true });
    expect(el.shadowRoot!.querySelector('[part~=url-input]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part~=url-button]')).to.equal(null);
    el.noUrl = false;
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part~=url-input]')).to.not.equal(null);
  });

  describe('unload warning', () => {
    it('asks before leaving while an upload runs, and not otherwise', async () => {
      const el = await mountUploader();
      expect(beforeUnloadPrevented(), 'idle').to.equal(false);
      await standin.script('upload', [{ stall: true }]);
      await dropFiles(el, [videoFile()]);
      await waitUntil(() => el.hasAttribute('uploading'));
      expect(beforeUnloadPrevented(), 'uploading').to.equal(true);
      el.cancel();
      await settled(el);
      expect(el.hasAttribute('uploading')).to.equal(false);
      expect(beforeUnloadPrevented(), 'after cancel').to.equal(false);
    });

    it('no-unload-warning: never asks', async () => {
      const el = await mountUploader({ 'no-unload-warning': true });
      await standin.script('upload', [{ stall: true }]);
      await dropFiles(el, [videoFile()]);
      await waitUntil(() => el.hasAttribute('uploading'));
      expect(beforeUnloadPrevented()).to.equal(false);
    });

    it('stops asking when the element leaves the page', async () => {
      const el = await mountUploader();
      await standin.script('upload', [{ stall: true }]);
      await dropFiles(el, [videoFile()]);
      await waitUntil(() => el.hasAttribute('uploading'));
      el.remove();
      expect(beforeUnloadPrevented()).to.equal(false);
      el.cancel();
    });
  });

  it('beforeUpload: can rename an item or refuse it', async () => {
    const el = await mountUploader({ multiple: true });
    el.beforeUpload = (item) => (item.name.startsWith('skip') ? false : { name: `Renamed ${item.name}` });
    const events = recordEvents(el);
    await dropFiles(el, [videoFile('keep.mp4'), videoFile('skip.mp4')]);
    await untilStatus(el, 'succeeded');
    await waitUntil(() => ofType(events, 'wistia-file-reject').length === 1);
    expect(ofType(events, 'wistia-file-reject')[0].detail.item.error.code).to.equal('rejected_by_app');
    const upload = (await standin.requests()).find((r) => r.route === 'upload')!;
    expect(upload.fields.name).to.equal('Renamed keep.mp4');
    await settled(el);
    expect($(el, '.rejections')!.textContent).to.contain('This file cannot be uploaded here.');
  });
});
