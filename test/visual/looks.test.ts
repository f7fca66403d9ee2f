/**
 * Each state of the element, light, dark and 360 px wide, against committed baselines (test/visual/baselines/):
 * a change in looks is a reviewed change. After a deliberate change: UPDATE_BASELINES=1, then look at the pictures.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { screenshot } from '../helpers/engine.js';
import { axeViolations, mountUploader, part, settled, standin, untilStatus, videoFile } from '../element/support.js';

type Variant = 'light' | 'dark' | 'narrow';

/** Each state, set up with the stand-in's real answers. */
const STATES: Record<string, (el: WistiaUploader) => Promise<void>> = {
  idle: async (el) => {
    el.maxFileSize = 2e9;
    await settled(el);
  },
  dragging: async (el) => {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(videoFile());
    part(el, 'dropzone').dispatchEvent(
      new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true }),
    );
    await settled(el);
  },
  uploading: async (el) => {
    await standin.script('upload', [{ pass: true }, { stall: true }]);
    el.addFiles([videoFile('Product launch keynote.mp4', 2_000_000)]);
    await untilStatus(el, 'succeeded');
    el.addFiles([videoFile('Customer interview.mov', 90_000_000, 'video/quicktime')]);
    await untilStatus(el, 'uploading');
    // How many bytes sit in socket buffers differs from run to run: the element is held still (no more renders for
    // this test) and the picture shows fixed figures, written into the text nodes Lit keeps.
    await settled(el);
    Object.defineProperty(el, 'shouldUpdate', { value: () => false, configurable: true });
    for (const bar of el.shadowRoot!.querySelectorAll<HTMLElement>('.bar')) bar.style.setProperty('--_progress', '0.4');
    lastText(el, '[data-status=uploading] .state').data = 'Uploading, 40%';
    lastText(el, '.transfer').data = '36 MB of 90 MB · 12 MB/s · 5 sec left';
    lastText(el, '.summary-line').data = ' · 54 MB left · about 5 sec';
  },
  finishing: async (el) => {
    await standin.script('upload', [{ stall: true }]);
    el.addFiles([videoFile('Behind the scenes.mp4', 2048)]);
    await untilStatus(el, 'uploading');
    await waitForPhase(el, 'finishing');
  },
  processing: async (el) => {
    await standin.config({ processingMs: { queued: 0, processing: 600_000 } });
    el.waitForReady = true;
    el.addFiles([videoFile('Webinar recording.mp4', 3_400_000)]);
    await untilStatus(el, 'processing');
  },
  ready: async (el) => {
    await standin.config({ processingMs: { queued: 0, processing: 0 } });
    el.waitForReady = true;
    el.addFiles([videoFile('Webinar recording.mp4', 3_400_000)]);
    await untilStatus(el, 'succeeded');
  },
  refused: async (el) => {
    el.addFiles([videoFile('notes.txt', 300, 'text/plain')]);
    await settled(el);
  },
  failed: async (el) => {
    await standin.script('upload', [{ status: 400, body: { error: 'This account has exceeded its video limit.' } }]);
    el.addFiles([videoFile('Outtakes.mp4', 31_000_000)]);
    await untilStatus(el, 'failed');
  },
};

/** The last text with words in it under `selector`. */
function lastText(el: WistiaUploader, selector: string): Text {
  const walker = document.createTreeWalker(el.shadowRoot!.querySelector(selector)!, NodeFilter.SHOW_TEXT);
  let found: Text | undefined;
  while (walker.nextNode()) if ((walker.currentNode as Text).data.trim()) found = walker.currentNode as Text;
  return found!;
}

async function waitForPhase(el: WistiaUploader, phase: string): Promise<void> {
  const { waitUntil } = await import('../helpers/wait.js');
  await waitUntil(() => el.items.some((item) => item.phase === phase), `an item ${phase}`);
  await settled(el);
}

/**
 * Moving stripes are caught at their first frame, so two runs draw the same picture; the stand-in's thumbnails take
 * a random hue, so their boxes are kept and their colours left out.
 */
function holdStill(el: WistiaUploader): void {
  for (const img of el.shadowRoot!.querySelectorAll<HTMLElement>('img.thumb')) img.style.visibility = 'hidden';
  for (const animation of el.shadowRoot!.getAnimations()) {
    animation.pause();
    animation.currentTime = 0;
  }
}

describe('looks: each state against its baseline', () => {
  beforeEach(async () => {
    await standin.reset();
    document.body.style.margin = '0';
  });
  afterEach(() => {
    document.body.style.background = '';
    document.documentElement.style.colorScheme = '';
  });

  for (const [state, setUp] of Object.entries(STATES)) {
    for (const variant of ['light', 'dark', 'narrow'] as Variant[]) {
      it(`${state}, ${variant}`, async () => {
        const el = await mountUploader({ multiple: true, retries: '0' });
        el.style.cssText = `display: block; width: ${variant === 'narrow' ? 360 : 640}px; font: 16px sans-serif;`;
        if (variant === 'dark') {
          document.documentElement.style.colorScheme = 'dark';
          document.body.style.background = '#0d0f12';
        }
        await setUp(el);
        holdStill(el);
        const name = `${state}-${variant}`;
        await screenshot(el, name);
        const result = await executeServerCommand<{ same: boolean; ratio?: number; reason?: string }, { name: string }>(
          'visual-compare',
          { name },
        );
        expect(
          result?.same,
          `${name}: ${result?.reason ?? `${((result?.ratio ?? 1) * 100).toFixed(2)} % changed`}`,
        ).to.equal(true);
        expect(await axeViolations(el)).to.deep.equal([]);
      });
    }
  }
});
