import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { standin } from './support.js';

interface CspWindow extends Window {
  cspViolations: string[];
  WistiaUploader?: { WistiaUploader: unknown };
  File: typeof File;
  DataTransfer: typeof DataTransfer;
  DragEvent: typeof DragEvent;
  HTMLVideoElement: typeof HTMLVideoElement;
}

async function openCspPage(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = '/csp/upload.html';
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('the built single-file bundle under a strict CSP', () => {
  let frame: HTMLIFrameElement | undefined;
  beforeEach(() => standin.reset());
  afterEach(() => frame?.remove());

  it('is served with the policy', async () => {
    const res = await fetch('/csp/upload.html');
    expect(res.headers.get('content-security-policy')).to.equal(
      "default-src 'self'; script-src 'self'; style-src 'self'",
    );
    const bundle = await fetch('/dist/wistia-uploader.min.js', { method: 'HEAD' });
    expect(bundle.ok, 'dist/wistia-uploader.min.js exists: run `npm run build` first').to.equal(true);
  });

  it('loads with a plain script tag, renders styled, and uploads a dropped file', async () => {
    frame = await openCspPage();
    const win = frame.contentWindow as unknown as CspWindow;
    const doc = frame.contentDocument!;
    expect(win.WistiaUploader?.WistiaUploader, 'the bundle exposes its exports').to.be.a('function');
    const el = doc.querySelector('wistia-uploader') as unknown as HTMLElement & { cancel(): void };
    await waitUntil(() => el.shadowRoot?.querySelector('[part~=dropzone]'), 'the element renders');

    // The policy is live: the probe's inline style was blocked.
    expect(win.getComputedStyle(doc.getElementById('probe')!).color).to.not.equal('rgb(255, 0, 0)');
    // Lit's constructed stylesheets are not inline styles: they apply.
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.at.least(1);
    expect(win.getComputedStyle(el.shadowRoot!.querySelector('[part~=dropzone]')!).borderTopStyle).to.equal('dashed');

    const dataTransfer = new win.DataTransfer();
    dataTransfer.items.add(new win.File([new Uint8Array(300_000)], 'csp.mp4', { type: 'video/mp4' }));
    const success = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('wistia-upload-success', (e) => resolve(e as CustomEvent), { once: true }),
    );
    const zone = el.shadowRoot!.querySelector('[part~=dropzone]')!;
    zone.dispatchEvent(new win.DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
    const { detail } = await success;
    expect(detail.media.hashed_id).to.be.a('string');

    // Progress bars are styled through the CSSOM, which the policy allows: look at one mid-upload.
    await standin.script('upload', [{ stall: true }]);
    zone.dispatchEvent(new win.DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
    await waitUntil(() => el.shadowRoot!.querySelector('.bar'), 'a progress bar shows');

    // The policy has no media-src blob:, so the first preview's try is blocked once and no other is tried (a browser
    // without video playback, as WebKit's test browser runs, tries none).
    const playsVideo = win.document.createElement('video') instanceof win.HTMLVideoElement;
    expect(win.cspViolations, 'only the probe and one preview were blocked').to.deep.equal([
      'style-src-attr inline',
      ...(playsVideo ? ['media-src blob'] : []),
    ]);
    const requested = win.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    const foreign = requested.filter((path) => !path.startsWith('/csp/') && !path.startsWith('/wistia/'));
    expect(foreign, 'the script and its upload piece beside it, fetched once: no other request').to.deep.equal([
      '/dist/wistia-uploader.min.js',
      '/dist/chunks/upload.min.js',
    ]);
    el.cancel();
  });
});
