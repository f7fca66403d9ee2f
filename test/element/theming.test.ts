import { expect, fixture, html } from '@open-wc/testing';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { rowStyles } from '../../src/element/row.styles.js';
import {
  settled,
  $,
  emulateMedia,
  engine,
  limitTo,
  dropFiles,
  mountUploader,
  part,
  parts,
  row,
  screenshot,
  standin,
  untilStatus,
  videoFile,
} from './support.js';

const PARTS = [
  'base',
  'dropzone',
  'button',
  'url-input',
  'url-button',
  'list',
  'item',
  'progress',
  'status',
  'thumbnail',
  'summary',
];

/** Relative luminance of a computed `rgb()` colour, 0 (black) to 1 (white). */
function luminance(color: string): number {
  const [r, g, b] = color
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** An uploader showing every state at once: succeeded, uploading, failed, cancelled, refused. */
async function everyState(el: WistiaUploader): Promise<void> {
  el.multiple = true;
  el.concurrency = 3;
  el.retries = 0;
  await standin.script('upload', [{ pass: true }]);
  el.addFiles([videoFile('Product launch keynote.mp4', 4_800_000)]);
  await untilStatus(el, 'succeeded');
  await standin.script('upload', [
    { status: 400, body: { error: 'This account has exceeded its video limit.' } },
    { stall: true, slowReadMs: 50 },
    { stall: true },
  ]);
  el.addFiles([videoFile('Customer interview.mov', 3_100_000, 'video/quicktime')]);
  await untilStatus(el, 'failed');
  el.addFiles([videoFile('Behind the scenes.mp4', 2_600_000)]);
  el.importUrl('https://cdn.example.com/webinar-recording.mp4');
  await untilStatus(el, 'uploading', 2);
  const cancelled = el.addFiles([videoFile('Outtakes.mp4', 90_000_000)])[0];
  el.cancel(cancelled.id);
  el.addFiles([videoFile('notes.txt', 300, 'text/plain')]);
  await settled(el);
}

describe('theming (parts, custom properties, slot, colour schemes)', () => {
  beforeEach(() => standin.reset());
  afterEach(() => {
    document.documentElement.style.colorScheme = '';
  });

  it('exposes every part', async () => {
    const el = await mountUploader();
    await everyState(el);
    for (const name of PARTS) expect(parts(el, name).length, name).to.be.at.least(1);
  });

  it('takes the custom properties from the element or any ancestor', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div
        style="--wistia-uploader-accent: rgb(200, 0, 100); --wistia-uploader-accent-text: rgb(255, 255, 0);
        --wistia-uploader-background: rgb(250, 245, 235); --wistia-uploader-text: rgb(20, 30, 40);
        --wistia-uploader-border: rgb(1, 2, 3); --wistia-uploader-radius: 3px; --wistia-uploader-font: 13px monospace;
        --wistia-uploader-error: rgb(150, 0, 0); --wistia-uploader-success: rgb(0, 100, 0);"
      >
        <wistia-uploader token-url="/wistia/token" upload-url="/wistia/upload/" retries="0" multiple></wistia-uploader>
      </div>`,
    );
    const el = wrapper.querySelector('wistia-uploader')!;
    await settled(el);
    const button = getComputedStyle(part(el, 'button'));
    expect(button.backgroundColor).to.equal('rgb(200, 0, 100)');
    expect(button.color).to.equal('rgb(255, 255, 0)');
    const base = getComputedStyle(part(el, 'base'));
    expect(base.backgroundColor).to.equal('rgb(250, 245, 235)');
    expect(base.color).to.equal('rgb(20, 30, 40)');
    expect(base.fontFamily).to.equal('monospace');
    expect(base.fontSize).to.equal('13px');
    const zone = getComputedStyle(part(el, 'dropzone'));
    expect(zone.borderTopColor).to.equal('rgb(1, 2, 3)');
    expect(zone.borderTopLeftRadius).to.equal('3px');

    await standin.script('upload', [{ pass: true }, { status: 500 }]);
    el.addFiles([videoFile('ok.mp4')]);
    await untilStatus(el, 'succeeded');
    el.addFiles([videoFile('bad.mp4')]);
    await untilStatus(el, 'failed');
    const [ok, bad] = el.items;
    expect(getComputedStyle(row(el, ok.id)!.querySelector('.state')!).color).to.equal('rgb(0, 100, 0)');
    expect(getComputedStyle(row(el, bad.id)!.querySelector('.error')!).color).to.equal('rgb(150, 0, 0)');

    el.style.setProperty('--wistia-uploader-accent', 'rgb(0, 0, 255)');
    void getComputedStyle(part(el, 'button')).backgroundColor; // starts the colour transition
    for (const animation of part(el, 'button').getAnimations()) animation.finish();
    expect(getComputedStyle(part(el, 'button')).backgroundColor, 'set on the element itself').to.equal(
      'rgb(0, 0, 255)',
    );
  });

  it('follows the inherited color-scheme: light by default, dark when the page or the element asks', async () => {
    const el = await mountUploader();
    const background = () => luminance(getComputedStyle(part(el, 'base')).backgroundColor);
    expect(background(), 'light by default').to.be.above(0.8);
    document.documentElement.style.colorScheme = 'dark';
    expect(background(), 'inherited from the page').to.be.below(0.1);
    expect(luminance(getComputedStyle(part(el, 'base')).color)).to.be.above(0.8);
    document.documentElement.style.colorScheme = '';
    expect(background()).to.be.above(0.8);
    el.style.colorScheme = 'dark';
    expect(background(), 'set on the element').to.be.below(0.1);
  });

  describe('the system colour preference', () => {
    limitTo(['chromium'], 'prefers-color-scheme can be switched at run time only through CDP media emulation');
    afterEach(async () => {
      if (engine === 'chromium') await emulateMedia({ 'prefers-color-scheme': 'light' });
    });

    it('is followed only where the page opted in with "light dark"', async () => {
      await emulateMedia({ 'prefers-color-scheme': 'dark' });
      const el = await mountUploader();
      const background = () => luminance(getComputedStyle(part(el, 'base')).backgroundColor);
      expect(background(), 'a page that did not opt in to dark stays light').to.be.above(0.8);
      el.style.colorScheme = 'light dark';
      expect(background()).to.be.below(0.1);
      el.style.colorScheme = 'dark';
      await emulateMedia({ 'prefers-color-scheme': 'light' });
      expect(background()).to.be.below(0.1);
    });
  });

  it('gives an engine without light-dark() or color-mix() a readable palette (the fallbacks in the stylesheet)', async () => {
    const el = await mountUploader();
    // The rows' styles come with the upload piece and carry the colours only rows use (`--_success`).
    const sheets = [...el.shadowRoot!.adoptedStyleSheets, rowStyles.styleSheet!];
    const rules = sheets.flatMap((sheet) => [...sheet.cssRules]);
    const fallbacks = (feature: string) => {
      const found = rules.filter((r) => r instanceof CSSSupportsRule && r.conditionText.includes(feature));
      expect(found, `a fallback for ${feature}`).to.have.length.above(0);
      // Every engine on CI has the feature: the fallback stays out of the way there.
      for (const rule of found) expect(CSS.supports((rule as CSSSupportsRule).conditionText), feature).to.equal(false);
      return found as CSSSupportsRule[];
    };
    fallbacks('color-mix(');
    const palette = fallbacks('light-dark(').map((rule) => rule.cssRules[0] as CSSStyleRule);
    // Apply the fallback palette to a probe in a dark page, and measure the pairs that carry text.
    document.documentElement.style.colorScheme = 'dark';
    const probe = document.createElement('div');
    for (const { style } of palette)
      for (const name of style) probe.style.setProperty(name, style.getPropertyValue(name));
    document.body.append(probe);
    const colour = (name: string) => {
      probe.style.color = `var(${name})`;
      return luminance(getComputedStyle(probe).color);
    };
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const bg = colour('--_bg');
    for (const name of ['--_text', '--_accent', '--_error', '--_success']) {
      expect(contrast(colour(name), bg), `${name} on the background`).to.be.at.least(4.5);
    }
    expect(contrast(colour('--_on-accent'), colour('--_accent')), 'button text').to.be.at.least(4.5);
    probe.remove();
  });

  it('puts slotted content in the drop zone heading', async () => {
    const el = await fixture<WistiaUploader>(html`<wistia-uploader><h2>Add your talk</h2></wistia-uploader>`);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('.heading slot')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Add your talk']);
    expect(part(el, 'dropzone').contains(slot)).to.equal(true);
  });

  it('renders only the first items of a long list, with a way to show more', async () => {
    const el = await mountUploader({ manual: true, multiple: true });
    el.addFiles(Array.from({ length: 250 }, (_, i) => videoFile(`take-${i}.mp4`, 10)));
    await settled(el);
    expect(parts(el, 'item')).to.have.length(100);
    const more = $(el, '.more') as HTMLButtonElement;
    expect(more.textContent!.trim()).to.equal('Show 150 more');
    more.click();
    await settled(el);
    expect(parts(el, 'item')).to.have.length(200);
    expect(($(el, '.more') as HTMLButtonElement).textContent!.trim()).to.equal('Show 50 more');
  });

  it('lists only the first refusals of a large drop, and the next pick dismisses all of them', async () => {
    const el = await mountUploader({ manual: true, multiple: true, accept: 'image/*' });
    el.addFiles(Array.from({ length: 130 }, (_, i) => videoFile(`take-${i}.mp4`, 10)));
    await settled(el);
    expect(el.shadowRoot!.querySelectorAll('.rejections li')).to.have.length(100);
    ($(el, '.more') as HTMLButtonElement).click();
    await settled(el);
    expect(el.shadowRoot!.querySelectorAll('.rejections li')).to.have.length(130);
    expect($(el, '.more')).to.equal(null);
    const input = $(el, 'input[type=file]') as HTMLInputElement;
    const picked = new DataTransfer();
    picked.items.add(new File(['x'], 'photo.png', { type: 'image/png' }));
    input.files = picked.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settled(el);
    expect(el.items.map((item) => [item.name, item.status])).to.deep.equal([['photo.png', 'queued']]);
    expect($(el, '.rejections')).to.equal(null);
  });

  describe('screenshots for review (test-results/screenshots/<engine>/)', () => {
    it('idle', async () => {
      const el = await mountUploader({ 'max-file-size': '2000000000' });
      await screenshot(el, 'idle');
    });

    it('dragging', async () => {
      const el = await mountUploader({ multiple: true });
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(videoFile());
      part(el, 'dropzone').dispatchEvent(
        new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true }),
      );
      await settled(el);
      await screenshot(el, 'dragging');
    });

    it('every state', async () => {
      const el = await mountUploader();
      await everyState(el);
      await screenshot(el, 'states-light');
      el.style.colorScheme = 'dark';
      document.body.style.background = '#121212';
      await screenshot(el, 'states-dark');
      document.body.style.background = '';
    });

    it('manual mode', async () => {
      const el = await mountUploader({ manual: true, multiple: true });
      await dropFiles(el, [videoFile('raw-take-1.mp4', 120_000_000), videoFile('raw-take-2.mp4', 95_000_000)]);
      await screenshot(el, 'manual');
    });

    it('narrow', async () => {
      const el = await mountUploader();
      el.style.width = '360px'; // the layout follows the element's width (a container query), not the window's
      await everyState(el);
      await screenshot(el, 'narrow');
    });

    it('themed', async () => {
      const el = await mountUploader({ lang: 'de' });
      el.style.cssText = `--wistia-uploader-accent: #7c3aed; --wistia-uploader-background: #faf7ff; --wistia-uploader-text: #2e1065;
        --wistia-uploader-border: #a78bfa; --wistia-uploader-radius: 16px; --wistia-uploader-font: 15px system-ui, sans-serif;
        --wistia-uploader-error: #be123c; --wistia-uploader-success: #047857; padding: 8px; display: block;`;
      await everyState(el);
      await screenshot(el, 'themed-de');
    });
  });
});
