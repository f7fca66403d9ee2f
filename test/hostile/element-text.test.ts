import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/wistia-uploader.js';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { makeFile } from '../helpers/core-fixtures.js';
import { standin } from '../helpers/standin.js';

const MARKUP = '<img src=x onerror="window.__hostile=1"><b id=injected>bold</b>';

async function mount(): Promise<WistiaUploader> {
  return fixture<WistiaUploader>(
    html`<wistia-uploader
      multiple
      token-url="/wistia/token"
      upload-url="/wistia/upload/"
      s3-copy-url="/wistia/upload/s3_copy"
      api-url="/wistia/api"
    ></wistia-uploader>`,
  );
}

/** Elements the hostile strings would have created, had any of them been parsed as HTML. */
const injected = (el: WistiaUploader) => el.shadowRoot!.querySelectorAll('#injected, img[src="x"], script');

describe('hostile strings in the element are shown as text, never parsed', () => {
  beforeEach(() => standin.reset());

  it('renders markup and RTL overrides in file names as the very characters, accepted or refused', async () => {
    const el = await mount();
    const accepted = `${MARKUP}\u202egnp.mp4`;
    const refused = `${MARKUP}.html`;
    el.addFiles([makeFile(accepted), makeFile(refused, 10, 'text/html')]);
    await waitUntil(() => el.items.some((i) => i.status === 'succeeded'), 'no success', { timeout: 10_000 });
    await el.updateComplete;
    const text = el.shadowRoot!.textContent!;
    expect(text).to.contain(accepted);
    expect(text).to.contain(refused);
    expect(injected(el)).to.have.length(0);
    expect((window as { __hostile?: number }).__hostile).to.equal(undefined);
  });

  it('shows a refused javascript: link as text and sends nothing', async () => {
    const el = await mount();
    const link = `javascript:document.body.innerHTML='${MARKUP}'//x.mp4`;
    el.importUrl(link);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain(link);
    expect(el.shadowRoot!.querySelectorAll('a[href^="javascript:"]')).to.have.length(0);
    expect(injected(el)).to.have.length(0);
    expect((await standin.log()).requests).to.deep.equal([]);
  });

  it("keeps the media link on Wistia's embed host when Wistia's JSON carries markup", async () => {
    const media = {
      id: 7,
      hashed_id: `"><a href="https://evil.example">${MARKUP}`,
      name: MARKUP,
      type: 'Video',
      created: '',
      updated: '',
    };
    await standin.script('upload', [{ status: 200, body: media }]);
    const el = await mount();
    el.addFiles([makeFile()]);
    await waitUntil(() => el.items.some((i) => i.status === 'succeeded'), 'no success', { timeout: 10_000 });
    await el.updateComplete;
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a[href]')];
    expect(links.length).to.be.greaterThan(0);
    for (const a of links) expect(new URL(a.href).origin).to.equal('https://fast.wistia.net');
    expect(injected(el)).to.have.length(0);
  });
});
