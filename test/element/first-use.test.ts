/** The mistakes a first set-up makes: each says what is wrong in the console, and the page shows sensible words. */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { $, mountUploader, recordEvents, row, settled, standin, untilStatus, videoFile } from './support.js';
import { waitUntil } from '../helpers/wait.js';

/** Every console warning the element gave, as one text per call. */
function warnings(spy: sinon.SinonSpy): string[] {
  return spy.getCalls().map((call) => call.args.join(' '));
}

const rowText = (el: WistiaUploader, id: string) => row(el, id)!.textContent!.replace(/\s+/g, ' ').trim();
const rowButtons = (el: WistiaUploader, id: string) =>
  [...row(el, id)!.querySelectorAll('.actions button')].map((b) => b.getAttribute('aria-label'));

describe('first use: set-up mistakes are explained', () => {
  let warn: sinon.SinonSpy;
  beforeEach(async () => {
    await standin.reset();
    warn = sinon.spy(console, 'warn');
  });
  afterEach(() => sinon.restore());

  describe('max-file-size', () => {
    it('takes units: 2GB, 2 GB, 1.5GiB, 500kB and plain bytes', async () => {
      const el = await mountUploader();
      const read = (value: string) => (el.setAttribute('max-file-size', value), el.maxFileSize);
      expect(read('2GB')).to.equal(2e9);
      expect(read('2 GB')).to.equal(2e9);
      expect(read('1.5GiB')).to.equal(1.5 * 1024 ** 3);
      expect(read('500kB')).to.equal(500_000);
      expect(read('700')).to.equal(700);
      await settled(el);
      expect($(el, '.limits')!.textContent!.trim()).to.equal('Up to 700 byte per file');
      expect(warnings(warn)).to.deep.equal([]);
    });

    it('refuses a file over a limit with a unit, in words', async () => {
      const el = await mountUploader({ 'max-file-size': '1kB', multiple: true });
      expect($(el, '.limits')!.textContent!.trim()).to.equal('Up to 1 kB per file');
      const [big] = el.addFiles([videoFile('big.mp4', 2048)]);
      await settled(el);
      expect(big.status).to.equal('rejected');
      expect($(el, '.rejections')!.textContent).to.contain('This file is larger than 1 kB.');
    });

    it('"abc" warns once, naming the attribute, the value and what it takes, and keeps no limit', async () => {
      const el = await mountUploader({ 'max-file-size': 'abc' });
      el.setAttribute('max-file-size', 'abc');
      await mountUploader({ 'max-file-size': 'abc' });
      expect(el.maxFileSize).to.equal(0);
      expect($(el, '.limits'), 'no limit shown').to.equal(null);
      const said = warnings(warn).filter((text) => text.includes('max-file-size'));
      expect(said).to.have.length(1);
      expect(said[0]).to.contain('max-file-size="abc"').and.contain('500MB');
    });
  });

  it('accept="banana" warns and keeps accepting videos', async () => {
    const el = await mountUploader({ accept: 'banana', multiple: true });
    expect(warnings(warn).join('\n')).to.contain('accept="banana"').and.contain('type/*');
    const [video, text] = el.addFiles([videoFile('a.mp4'), videoFile('notes.txt', 10, 'text/plain')]);
    el.cancel(video.id);
    await settled(el);
    expect(video.status).to.not.equal('rejected');
    expect(text.status).to.equal('rejected');
    expect($(el, '.rejections')!.textContent).to.contain('(accepted: video/*)');
  });

  it('concurrency="0" and token-credentials="yes" warn and keep their defaults', async () => {
    const el = await mountUploader({ concurrency: '0', 'token-credentials': 'yes' });
    expect(el.concurrency).to.equal(2);
    expect(el.tokenCredentials).to.equal('same-origin');
    const said = warnings(warn).join('\n');
    expect(said).to.contain('concurrency="0"').and.contain('at least 1');
    expect(said).to.contain('token-credentials="yes"').and.contain('same-origin');
  });

  it('a token endpoint answering 404 with a page: the status, the content type and the fix in the console', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('token', [
      { status: 404, body: '<!doctype html><title>Not Found</title>', contentType: 'text/html' },
    ]);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'failed');
    expect(rowText(el, item.id)).to.contain('Could not get permission to upload. (HTTP 404)');
    const said = warnings(warn).filter((text) => text.includes('token'));
    expect(said).to.have.length(1);
    expect(said[0]).to.contain('HTTP 404').and.contain('text/html').and.contain('token-url does not point');
  });

  it('a token endpoint answering 200 with a web page: the console says it is a page, not JSON', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('token', [{ status: 200, body: '<!doctype html><p>Hello</p>', contentType: 'text/html' }]);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'failed');
    expect(rowText(el, item.id)).to.contain('Could not get permission to upload.').and.not.contain('HTTP 200');
    expect(warnings(warn).join('\n')).to.contain('HTTP 200, text/html').and.contain('sent a web page, not JSON');
  });

  it('no token-url: says so on the page and in the console, and offers no Retry', async () => {
    const el = await fixture<WistiaUploader>(html`<wistia-uploader upload-url="/wistia/upload/"></wistia-uploader>`);
    const [item] = el.addFiles([videoFile('talk.mp4')]);
    await untilStatus(el, 'failed');
    expect(rowText(el, item.id)).to.contain('Uploads are not set up on this page (no token-url).');
    expect(rowButtons(el, item.id)).to.deep.equal(['Remove talk.mp4']);
    expect(warnings(warn).join('\n')).to.contain('set token-url (or the getToken property)');
    el.remove(item.id);
  });

  it('a refusal from Wistia without words of its own: no bare "Bad Request", the status, no Retry', async () => {
    const el = await mountUploader({ retries: '0' });
    const events = recordEvents(el);
    await standin.script('upload', [{ status: 400 }]);
    const [item] = el.addFiles([videoFile('talk.mp4')]);
    await untilStatus(el, 'failed');
    const text = rowText(el, item.id);
    expect(text).to.contain('Wistia refused this file. (HTTP 400)').and.not.contain('Bad Request');
    expect(rowButtons(el, item.id)).to.deep.equal(['Remove talk.mp4']);
    const failure = events.find((e) => e.type === 'wistia-upload-error')!;
    expect(failure.detail.error.message).to.equal('Wistia refused this file.');
    expect(failure.detail.error.status).to.equal(400);
  });

  it('a failure retrying can mend keeps its Retry', async () => {
    const el = await mountUploader({ retries: '0' });
    await standin.script('upload', [{ status: 500 }]);
    const [item] = el.addFiles([videoFile('talk.mp4')]);
    await untilStatus(el, 'failed');
    expect(rowButtons(el, item.id)).to.deep.equal(['Retry talk.mp4', 'Remove talk.mp4']);
  });

  it('announces an empty file without a doubled stop', async () => {
    const el = await mountUploader({ multiple: true });
    const region = $(el, '[aria-live]')!;
    el.addFiles([videoFile('empty.mp4', 0), videoFile('notes.txt', 5, 'text/plain')]);
    await waitUntil(() => region.textContent!.includes('notes.txt'), 'announced');
    expect(region.textContent).to.contain('empty.mp4 not added: This file is empty. notes.txt not added');
    expect(region.textContent).to.not.contain('..');
  });
});
