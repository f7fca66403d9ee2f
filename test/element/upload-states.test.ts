import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { render } from 'lit';
import sinon from 'sinon';
import type { ItemPhase, UploadItem } from '../../src/core/types.js';
import { renderItemList } from '../../src/element/item-list.js';
import { englishMessages } from '../../src/wistia-uploader.js';
import { rowStyles } from '../../src/element/row.styles.js';
import { styles } from '../../src/element/wistia-uploader.styles.js';
import { $, beforeUnloadPrevented, mountUploader, row, standin, untilStatus, videoFile } from './support.js';

/** An item of the core in this phase, its file of 1000 bytes sent unless `extra` says otherwise. */
function drawnItem(status: UploadItem['status'], phase: ItemPhase, extra: Partial<UploadItem> = {}): UploadItem {
  return {
    id: 'a',
    source: 'file',
    status,
    phase,
    name: 'talk.mp4',
    size: 1000,
    loaded: 1000,
    total: 1000,
    attempts: 1,
    ...extra,
  };
}

/** A row as the list draws it for an item of the core in this phase. */
function drawn(status: UploadItem['status'], phase: ItemPhase, extra: Partial<UploadItem> = {}): HTMLElement {
  const item = drawnItem(status, phase, extra);
  const host = document.createElement('div');
  render(
    renderItemList([item], 10, { text: englishMessages, locale: 'en' }, false, () => undefined),
    host,
  );
  return host.querySelector('li')!;
}

const statusOf = (li: HTMLElement) => li.querySelector('.status')!.textContent!.replace(/\s+/g, ' ').trim();

describe('upload states in the row', () => {
  beforeEach(() => standin.reset());
  afterEach(() => sinon.restore());

  it('a bar shows the share sent, growing from the inline start in either direction', () => {
    for (const dir of ['ltr', 'rtl']) {
      const host = document.createElement('div');
      host.dir = dir;
      host.style.width = '480px';
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [styles, rowStyles].map((sheet) => sheet.styleSheet!);
      const item = { ...drawnItem('uploading', 'sending'), loaded: 250 };
      render(
        renderItemList([item], 10, { text: englishMessages, locale: 'en' }, false, () => undefined),
        root,
      );
      const track = root.querySelector('.progress')!.getBoundingClientRect();
      const bar = root.querySelector('.bar')!.getBoundingClientRect();
      expect(bar.width / track.width, dir).to.be.closeTo(0.25, 0.01);
      expect(dir === 'ltr' ? bar.left - track.left : track.right - bar.right, `${dir}: from its start`).to.be.closeTo(
        0,
        0.5,
      );
      host.remove();
    }
  });

  describe('each phase of the core has its words', () => {
    it('finishing: waiting for Wistia, not 100 %, and a bar without a value', () => {
      const li = drawn('uploading', 'finishing');
      expect(statusOf(li)).to.equal('Sent, waiting for Wistia');
      expect(statusOf(li)).not.to.contain('100');
      expect(li.querySelector('[role=progressbar]')!.hasAttribute('aria-valuenow')).to.equal(false);
    });

    it('a link import says it imports, sent or not: Wistia fetching the file is the wait', () => {
      expect(statusOf(drawn('uploading', 'finishing', { source: 'url', size: undefined }))).to.equal('Importing');
    });

    it('processing unknown: says the video is uploaded and its processing state unknown, with no Retry', () => {
      const error = { code: 'processing_unknown' as const, message: 'm', retryable: false };
      const li = drawn('succeeded', 'succeeded', { error, media: { hashed_id: 'h1' } as UploadItem['media'] });
      expect(statusOf(li)).to.contain('Uploaded · processing state unknown');
      expect(li.querySelector('[data-action=retry]')).to.equal(null);
    });

    it('processing failed: Wistia has the media, so no Retry that would send it again', () => {
      const error = { code: 'processing_failed' as const, message: 'm', retryable: false };
      const li = drawn('failed', 'failed', { error, media: { hashed_id: 'h1' } as UploadItem['media'] });
      expect(li.querySelector('[data-action=retry]')).to.equal(null);
      expect(li.querySelector('[data-action=remove]')).not.to.equal(null);
    });

    it('offline: waiting for the connection', () => {
      expect(statusOf(drawn('uploading', 'offline', { loaded: 10 }))).to.equal('Offline, waiting for the connection');
    });

    it('backing-off: names the attempt about to be made', () => {
      expect(statusOf(drawn('uploading', 'backing-off', { attempts: 2, loaded: 0 }))).to.equal(
        'Connection problem, retrying (attempt 3)',
      );
    });

    it('sending: percent, bytes, and the speed and time left the core measured', () => {
      const li = drawn('uploading', 'sending', { loaded: 500, bytesPerSecond: 100, secondsLeft: 5 });
      expect(statusOf(li)).to.contain('Uploading, 50%');
      expect(statusOf(li)).to.contain('500 byte of 1 kB');
      expect(statusOf(li)).to.contain('5 sec left');
    });

    it('held: editable name and description; waiting: no fields', () => {
      expect(drawn('queued', 'held').querySelectorAll('input')).to.have.length(2);
      expect(statusOf(drawn('queued', 'waiting'))).to.equal('Waiting');
      expect(drawn('queued', 'waiting').querySelectorAll('input')).to.have.length(0);
    });
  });

  it('after the last byte, the row says it is waiting for Wistia until Wistia answers', async () => {
    const el = await mountUploader();
    await standin.script('upload', [{ delayMs: 3000 }]);
    el.addFiles([videoFile('talk.mp4', 2_000_000)]);
    await waitUntil(() => el.items[0]?.phase === 'finishing', 'the core reports the whole body sent');
    const id = el.items[0].id;
    const state = () => row(el, id)?.querySelector('.state')?.textContent;
    // Inside the stand-in's 3 s delay: the row must say so before Wistia answers.
    await waitUntil(() => state() === 'Sent, waiting for Wistia', `says it waits for Wistia (says "${state()}")`, {
      timeout: 2500,
    });
    expect(row(el, id)!.textContent).not.to.contain('100%');
    expect(row(el, id)!.querySelector('[role=progressbar]')!.hasAttribute('aria-valuenow')).to.equal(false);
    await untilStatus(el, 'succeeded');
    expect(state()).to.equal('Uploaded');
  });

  it('follows the core into offline and back, though no event tells of it', async () => {
    let online = true;
    sinon.stub(Navigator.prototype, 'onLine').get(() => online);
    const el = await mountUploader();
    await standin.script('upload', [{ status: 503 }]);
    el.addFiles([videoFile()]);
    await waitUntil(() => el.items[0]?.phase === 'backing-off', 'backing off after the 503');
    online = false;
    const id = el.items[0].id;
    const state = () => row(el, id)?.querySelector('.state')?.textContent;
    // The back-off ends (about 1 s) in a phase of its own: offline, with no event fired.
    await waitUntil(() => state() === 'Offline, waiting for the connection', `says offline (says "${state()}")`);
    online = true;
    window.dispatchEvent(new Event('online'));
    await untilStatus(el, 'succeeded');
  });

  describe('processing is not in flight', () => {
    it('no uploading attribute, no unload warning, and a valid form while Wistia processes', async () => {
      await standin.config({ processingMs: { queued: 60_000, processing: 60_000 } });
      const el = await mountUploader({ 'wait-for-ready': true, name: 'videos' });
      // Answered late, so the upload is seen in flight first.
      await standin.script('upload', [{ delayMs: 500 }]);
      el.addFiles([videoFile()]);
      await waitUntil(() => el.hasAttribute('uploading'), 'uploading while the file is sent');
      expect(beforeUnloadPrevented()).to.equal(true);
      await untilStatus(el, 'processing');
      expect(el.hasAttribute('uploading')).to.equal(false);
      expect(beforeUnloadPrevented()).to.equal(false);
      expect(el.checkValidity(), 'a form can be sent while Wistia processes').to.equal(true);
      expect($(el, '[role=progressbar]')!.hasAttribute('aria-valuenow')).to.equal(false);
    });
  });

  describe('leaving the page', () => {
    it('stops asking Wistia about processing while the element is out of the page, and asks again on return', async () => {
      await standin.config({ processingMs: { queued: 60_000, processing: 60_000 } });
      const el = await mountUploader({ 'wait-for-ready': true });
      el.addFiles([videoFile()]);
      await untilStatus(el, 'processing');
      const page = el.parentNode!;
      el.remove();
      const polls = async () => (await standin.requests()).filter((r) => r.route === 'media').length;
      // Past the first poll, 2 s after the upload.
      await new Promise((resolve) => setTimeout(resolve, 2600));
      expect(await polls(), 'no poll while out of the page').to.equal(0);
      page.append(el);
      await standin.received('media', 1);
      expect(el.items[0].status).to.equal('processing');
    });

    it('no announcement is made after the element is gone', async () => {
      const el = await mountUploader();
      const region = $(el, '[aria-live]')!;
      el.addFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(region.textContent).to.equal('');
    });

    it('no progress redraw is left waiting once the element is removed', async () => {
      const el = await mountUploader();
      // Every upload request stalls, so no late request of an earlier test can take this one's stall and let it finish.
      await standin.script('upload', [{ stall: true }, { stall: true }, { stall: true }]);
      const progress = oneEvent(el, 'wistia-upload-progress');
      el.addFiles([videoFile('big.mp4', 20_000_000)]);
      await progress;
      el.remove();
      const redraws = sinon.spy(el, 'requestUpdate');
      // Longer than the progress redraw pace.
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(el.items[0].status, 'still sending: only progress could have asked for a redraw').to.equal('uploading');
      expect(redraws.callCount).to.equal(0);
    });
  });
});
