import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { engine } from '../helpers/engine.js';
import { standin } from '../helpers/standin.js';

interface LockedPageReport {
  tokens: string[];
  violations: unknown[];
  console: string[];
  events: { type: string; detail: string }[];
  attributes: string[];
  texts: string[];
  performance: { name: string; type: string }[];
  location: string;
  trustedTypes: boolean;
  stringSinkRefused: boolean;
  requests: { url: string; headers: Record<string, string>; body: string; authorization: string | null }[];
}

interface LockedWindow extends Window {
  __seen: { violations: unknown[]; console: string[]; events: { type: string; detail: string }[] };
  File: typeof File;
  DataTransfer: typeof DataTransfer;
  Event: typeof Event;
}

/** Whether the page refuses a plain string in a DOM sink, as `require-trusted-types-for 'script'` asks. */
function refusesStringSink(doc: Document): boolean {
  const probe = doc.createElement('div');
  try {
    probe.innerHTML = '<b>probe</b>';
    return false;
  } catch {
    return true;
  }
}

/**
 * Opens the locked page in a frame of its own (its own document, its own policy header), uploads a file through
 * the element's file input and imports a link through its URL field, waits for the queue to finish, and returns
 * everything the page exposed and everything it sent, for the test to search.
 */
async function uploadOnLockedPage(path: string, fileName: string, link: string): Promise<LockedPageReport> {
  await executeServerCommand('locked-page-record');
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  try {
    await loaded;
    const win = frame.contentWindow as unknown as LockedWindow;
    const doc = frame.contentDocument!;
    const el = doc.querySelector('wistia-uploader')!;
    await waitUntil(() => el.shadowRoot?.querySelector('input[type=file]'), 'the element renders');
    const complete = new Promise((done) => doc.addEventListener('wistia-queue-complete', done, { once: true }));
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const files = new win.DataTransfer();
    files.items.add(new win.File([new Uint8Array(4 * 1024 * 1024).fill(7)], fileName, { type: 'video/mp4' }));
    input.files = files.files;
    input.dispatchEvent(new win.Event('change', { bubbles: true }));
    const field = el.shadowRoot!.querySelector<HTMLInputElement>('[part~="url-input"]')!;
    field.value = link;
    field.dispatchEvent(new win.Event('input', { bubbles: true, composed: true }));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="url-button"]')!.click();
    await complete;
    // wait-for-ready polls the media with the token: let it report before looking.
    await waitUntil(() => win.__seen.events.filter((e) => e.type === 'wistia-media-ready').length >= 2, 'media ready', {
      timeout: 15_000,
    });
    const attributes: string[] = [];
    const texts: string[] = [];
    const walk = (root: ParentNode) => {
      for (const node of root.querySelectorAll('*')) {
        for (const attr of node.attributes) attributes.push(`${attr.name}=${attr.value}`);
        if (node.shadowRoot) {
          texts.push(node.shadowRoot.textContent ?? '');
          walk(node.shadowRoot);
        }
      }
    };
    walk(doc);
    texts.push(doc.documentElement.outerHTML);
    const sent = (await executeServerCommand('locked-page-recorded')) as Pick<LockedPageReport, 'requests' | 'tokens'>;
    const seen = JSON.parse(JSON.stringify(win.__seen)) as LockedWindow['__seen'];
    return {
      ...seen,
      ...sent,
      attributes,
      texts,
      performance: win.performance.getEntries().map((e) => ({ name: e.name, type: e.entryType })),
      location: win.location.href,
      trustedTypes: 'trustedTypes' in win,
      stringSinkRefused: refusesStringSink(doc),
    };
  } finally {
    frame.remove();
  }
}

describe('a page locked down by CSP and Trusted Types (served as a header), with the built min.js', () => {
  let report: LockedPageReport;

  before(async function () {
    this.timeout(60_000);
    await standin.reset();
    await standin.config({ processingMs: { queued: 50, processing: 50 } });
    // A 401 makes the element fetch a second token: both must stay out of sight. The slow read keeps the
    // upload on screen long enough for its progress bar to render, as on any real network.
    await standin.script('upload', [{ status: 401 }, { slowReadMs: 5 }]);
    report = await uploadOnLockedPage('/locked/upload.html', 'locked-down.mp4', 'https://videos.example.com/talk.mp4');
  });

  it('uploads a file and imports a link through the element', () => {
    const types = report.events.map((e) => e.type);
    expect(types.filter((t) => t === 'wistia-upload-success')).to.have.length(2);
    expect(types.filter((t) => t === 'wistia-media-ready')).to.have.length(2);
    expect(types).not.to.include('wistia-upload-error');
  });

  it('reports no policy violation but the one preview tried, and no error', () => {
    // The policy has no media-src blob:: the first local preview is blocked once, and no other is tried on the page
    // (none at all in a browser without video playback, as WebKit's test browser runs).
    const playsVideo = document.createElement('video') instanceof HTMLVideoElement;
    expect(
      (report.violations as { blocked: string; directive: string }[]).map(({ blocked, directive }) => ({
        blocked,
        directive,
      })),
    ).to.deep.equal(playsVideo ? [{ blocked: 'blob', directive: 'media-src' }] : []);
    expect(report.console.filter((m) => /refused|violat|trusted|error/i.test(m))).to.deep.equal([]);
  });

  it('sends the tokens only in the Authorization header of requests to Wistia', () => {
    expect(report.tokens).to.have.length(2);
    for (const token of report.tokens) expect(token).to.match(/^[0-9a-f]{64}$/);
    const authorised = report.requests.filter((r) => r.authorization !== null);
    expect(authorised.length).to.be.greaterThan(2);
    for (const r of authorised) {
      expect(new URL(r.url).pathname).to.match(/^\/wistia\/(upload|api)\//);
      expect(report.tokens.map((t) => `Bearer ${t}`)).to.include(r.authorization);
    }
  });

  it('never shows a token in a URL, attribute, event detail, DOM text, console message or performance entry', () => {
    const places: Record<string, unknown> = {
      'request URLs, other headers and bodies': report.requests.map(({ authorization: _, ...rest }) => rest),
      attributes: report.attributes,
      'event details': report.events,
      'DOM text, shadow roots included': report.texts,
      'console messages': report.console,
      'performance entries': report.performance,
      'page address': report.location,
    };
    expect(report.texts.join('')).to.contain('locked-down.mp4');
    for (const [place, content] of Object.entries(places)) {
      const text = JSON.stringify(content);
      for (const token of report.tokens) expect(text.includes(token), `token found in ${place}`).to.equal(false);
    }
  });

  it('runs under enforced Trusted Types (all three engines on CI have them)', () => {
    expect(report.trustedTypes, `${engine} has Trusted Types`).to.equal(true);
    expect(report.stringSinkRefused, 'a plain string in innerHTML is refused on the page').to.equal(true);
  });
});
