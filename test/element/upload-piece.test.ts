import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { englishMessages } from '../../src/element/english.js';
import { rowStyles } from '../../src/element/row.styles.js';
import { mountUploader, standin, videoFile } from './support.js';

/** The script-tag element, as a page in a frame of its own has it. */
type PageUploader = HTMLElement & {
  addFiles(files: File[]): { id: string; status: string }[];
  readonly items: readonly { id: string; status: string }[];
  readonly updateComplete: Promise<boolean>;
  openFilePicker(): void;
};

let runs = 0;
/** Where this test's page finds the script: a new address each time (see `freshScriptTagPages`). */
let dist = '';

/**
 * A page in another directory than the script, under the strict CSP of the other script-tag pages, at a new address
 * per test so that nothing comes from the browser's cache.
 */
async function openPage(): Promise<{ frame: HTMLIFrameElement; el: PageUploader; win: Window & typeof globalThis }> {
  const run = `${Date.now().toString(36)}-${++runs}`;
  dist = `/fresh/${run}/dist`;
  const frame = document.createElement('iframe');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/fresh/${run}/pages/piece.html`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  const el = frame.contentDocument!.querySelector('wistia-uploader') as PageUploader;
  await waitUntil(() => el.shadowRoot?.querySelector('[part~=dropzone]'), 'the element renders');
  return { frame, el, win };
}

/** Paths (with their query) of a piece's requests the page made, under its directory. */
const pieceRequests = (win: Window, piece = 'upload') =>
  win.performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.pathname.endsWith(`/chunks/${piece}.min.js`))
    .map((url) => url.pathname.slice(dist.length) + url.search);

async function failPiece(times: number, piece = 'upload'): Promise<void> {
  await fetch(`/__upload-piece?fail=${times}&piece=${piece}`);
}

/** Requests of the page to a relay's tus endpoint (`files/` under its upload URL), answered or not. */
/** Plain (one-request) uploads the page made. */
const uploads = (win: Window) =>
  win.performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/wistia/upload/')
    .length;

const tusRequests = (win: Window) =>
  win.performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname.endsWith('/files/'));

const failedSoFar = async () => ((await (await fetch('/__upload-piece')).json()) as { failed: number }).failed;

const succeeded = (el: HTMLElement) =>
  new Promise<void>((resolve) => el.addEventListener('wistia-upload-success', () => resolve(), { once: true }));

describe('the upload piece of the script-tag file (chunks/upload.min.js)', () => {
  let frame: HTMLIFrameElement | undefined;
  beforeEach(() => standin.reset());
  afterEach(async () => {
    frame?.remove();
    await failPiece(0);
  });

  it('is fetched beside the script, not the page, once the picker opens, and not before', async () => {
    const page = await openPage();
    frame = page.frame;
    expect(pieceRequests(page.win), 'nothing added, nothing fetched').to.deep.equal([]);
    page.el.openFilePicker();
    await waitUntil(() => pieceRequests(page.win).length === 1, 'the piece is fetched while the picker is open');
    const done = succeeded(page.el);
    page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'a.mp4', { type: 'video/mp4' })]);
    await done;
    expect(pieceRequests(page.win), 'fetched once, from beside the script').to.deep.equal(['/chunks/upload.min.js']);
    expect(pieceRequests(page.win, 'tus'), 'no resumable client without `resumable`').to.deep.equal([]);
    expect(pieceRequests(page.win, 'poll'), 'no status poller without `wait-for-ready`').to.deep.equal([]);
  });

  it('fetches the status poller beside the script only for `wait-for-ready`, and tells when the media is ready', async () => {
    await standin.config({ processingMs: { queued: 0, processing: 0 } });
    const page = await openPage();
    frame = page.frame;
    page.el.setAttribute('wait-for-ready', '');
    const ready = new Promise<void>((resolve) =>
      page.el.addEventListener('wistia-media-ready', () => resolve(), { once: true }),
    );
    page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'p.mp4', { type: 'video/mp4' })]);
    await ready;
    expect(pieceRequests(page.win, 'poll')).to.deep.equal(['/chunks/poll.min.js']);
    expect(page.el.items[0]!.status).to.equal('succeeded');
  });

  // The strict CSP keeps the page on its own origin, where no relay answers: a tus request made is the proof.
  it('fetches the resumable client beside the script only for `resumable`, and the file goes with tus', async () => {
    const page = await openPage();
    frame = page.frame;
    page.el.setAttribute('resumable', '');
    page.el.openFilePicker();
    await waitUntil(() => pieceRequests(page.win, 'tus').length === 1, 'fetched while the picker is open');
    page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'r.mp4', { type: 'video/mp4' })]);
    await waitUntil(() => tusRequests(page.win).length > 0, 'sent with tus');
    expect(pieceRequests(page.win, 'tus')).to.deep.equal(['/chunks/tus.min.js']);
  });

  it('holds an item of a page made resumable late until the client is here, shows a failure with Retry, then sends it', async () => {
    await failPiece(-1, 'tus');
    const page = await openPage();
    frame = page.frame;
    // The engine is here before `resumable` is set: the item must wait for the client rather than go without it.
    page.el.openFilePicker();
    await waitUntil(() => pieceRequests(page.win).length === 1, 'the upload piece is fetched');
    await page.el.updateComplete;
    page.el.setAttribute('resumable', '');
    page.el.addFiles([new page.win.File([new Uint8Array(1000)], 's.mp4', { type: 'video/mp4' })]);
    await waitUntil(() => page.el.shadowRoot!.querySelector('.piece-error[role=alert]'), 'the failure is shown');
    expect(await failedSoFar(), 'tried, then tried again').to.equal(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tusRequests(page.win).length + uploads(page.win), 'nothing sent meanwhile').to.equal(0);

    await failPiece(0);
    page.el.shadowRoot!.querySelector<HTMLButtonElement>('.piece-error button')!.click();
    await waitUntil(() => tusRequests(page.win).length > 0, 'sent with tus once the client is here');
    expect(uploads(page.win), 'not without it').to.equal(0);
  });

  it('queues an item added before the engine arrives, draws it by updateComplete, and sends it once it is here', async () => {
    const page = await openPage();
    frame = page.frame;
    const done = succeeded(page.el);
    const [item] = page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'b.mp4', { type: 'video/mp4' })]);
    expect(item.status, 'returned at once, queued').to.equal('queued');
    expect(pieceRequests(page.win), 'the piece is still on its way').to.deep.equal([]);
    await page.el.updateComplete;
    expect(page.el.shadowRoot!.querySelector(`[data-id="${item.id}"]`), 'its row is drawn').to.not.equal(null);
    await done;
  });

  it('fetches a piece that failed once again, and the upload goes', async () => {
    await failPiece(1);
    const page = await openPage();
    frame = page.frame;
    const done = succeeded(page.el);
    page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'c.mp4', { type: 'video/mp4' })]);
    await done;
    expect(await failedSoFar()).to.equal(1);
    expect(page.el.shadowRoot!.querySelector('.piece-error')).to.equal(null);
  });

  it('shows a piece that keeps failing as an error with Retry, which sends the waiting item once it loads', async () => {
    await failPiece(-1);
    const page = await openPage();
    frame = page.frame;
    const [item] = page.el.addFiles([new page.win.File([new Uint8Array(1000)], 'd.mp4', { type: 'video/mp4' })]);
    await page.el.updateComplete;
    const alert = page.el.shadowRoot!.querySelector('.piece-error[role=alert]');
    expect(alert?.textContent, 'a clear error').to.contain(englishMessages.errorPieceLoad);
    expect(await failedSoFar(), 'tried, then tried again').to.equal(2);
    expect(page.el.items[0].status, 'the item waits').to.equal('queued');

    await failPiece(0);
    const done = succeeded(page.el);
    alert!.querySelector<HTMLButtonElement>('button')!.click();
    await done;
    expect(page.el.items.find((i) => i.id === item.id)?.status).to.equal('succeeded');
    await page.el.updateComplete;
    expect(page.el.shadowRoot!.querySelector('.piece-error'), 'the error is gone').to.equal(null);
  });
});

describe('the upload piece in the npm build', () => {
  it('sends a file of a `resumable` element with tus, the client fetched on the way', async () => {
    // A line to the real relay of test/integration/resumable-relay.mjs.
    const res = await fetch('/tus-relay/line', { method: 'POST', body: JSON.stringify({ cutAt: [] }) });
    const { uploadUrl } = (await res.json()) as { uploadUrl: string };
    const el = await mountUploader({ resumable: true, 'token-url': '/tus-relay/token', 'upload-url': uploadUrl });
    const done = succeeded(el);
    el.addFiles([videoFile('resumable.mp4')]);
    await done;
    expect(tusRequests(window).length, 'sent with tus').to.be.greaterThan(0);
  });

  it('styles the rows of an element given items before it joined the page, once the piece is here', async () => {
    // Another element brings the piece first.
    const first = await mountUploader();
    first.addFiles([videoFile('first.mp4')]);
    await first.updateComplete;
    const el = document.createElement('wistia-uploader');
    el.setAttribute('token-url', '/wistia/token');
    el.setAttribute('upload-url', '/wistia/upload/');
    el.manual = true;
    el.addFiles([videoFile('later.mp4')]);
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.item'), 'its row is drawn').to.not.equal(null);
      // A boolean: an assertion message that prints style sheets is too large for the runner to report.
      const styled = el.shadowRoot!.adoptedStyleSheets.includes(rowStyles.styleSheet!);
      expect(styled, 'with the rows’ styles').to.equal(true);
    } finally {
      el.remove();
    }
  });
});
