import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { englishMessages } from '../../src/element/messages.js';
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

/** Paths (with their query) of the upload piece's requests the page made, under its directory. */
const pieceRequests = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.pathname.endsWith('/chunks/upload.min.js'))
    .map((url) => url.pathname.slice(dist.length) + url.search);

async function failPiece(times: number): Promise<void> {
  await fetch(`/__upload-piece?fail=${times}`);
}

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
