import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import {
  settled,
  $,
  axeViolations,
  dropFiles,
  mountUploader,
  part,
  row,
  rowButton,
  standin,
  untilStatus,
  videoFile,
  emulateMedia,
  engine,
  limitTo,
  press,
  typeText,
} from './support.js';

/** Where focus is, as words: comparing elements themselves makes a failing assertion too big to report. */
function active(el: WistiaUploader): string {
  return named(el.shadowRoot!.activeElement);
}

function named(element: Element | null): string {
  if (!element) return 'nothing';
  return `${element.tagName.toLowerCase()} ${element.getAttribute('aria-label') ?? element.getAttribute('part') ?? element.textContent!.trim()}`;
}

/** Records every text the live region takes, so a short-lived announcement cannot be missed. */
function listen(el: WistiaUploader): { texts: string[]; heard(text: string): Promise<void> } {
  const region = $(el, '[aria-live]')!;
  const texts: string[] = [];
  new MutationObserver(() => texts.push(region.textContent!)).observe(region, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  return {
    texts,
    heard: (text) =>
      waitUntil(() => texts.some((t) => t.includes(text)), `announced "${text}" (heard ${JSON.stringify(texts)})`, {
        timeout: 10000,
      }),
  };
}

describe('accessibility (WCAG 2.2 AA)', () => {
  beforeEach(() => standin.reset());

  describe('axe-core finds no violations', () => {
    it('idle', async () => {
      const el = await mountUploader();
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('idle, dark', async () => {
      const el = await mountUploader();
      // Dark through the page's color-scheme, which every engine follows (the system preference is not settable).
      el.style.colorScheme = 'dark';
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('dragging', async () => {
      const el = await mountUploader();
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(videoFile());
      part(el, 'dropzone').dispatchEvent(
        new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true }),
      );
      await settled(el);
      expect(el.hasAttribute('dragging')).to.equal(true);
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('uploading, with a link import beside', async () => {
      const el = await mountUploader({ multiple: true });
      await standin.script('upload', [{ stall: true }, { stall: true }]);
      el.addFiles([videoFile('a.mp4', 300_000)]);
      el.importUrl('https://cdn.example.com/b.mp4');
      await untilStatus(el, 'uploading', 2);
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('manual, with editable fields', async () => {
      const el = await mountUploader({ manual: true, multiple: true });
      el.addFiles([videoFile('a.mp4'), videoFile('b.mp4')]);
      await settled(el);
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('succeeded and processing', async () => {
      const el = await mountUploader({ multiple: true });
      el.addFiles([videoFile('a.mp4')]);
      await untilStatus(el, 'succeeded');
      el.waitForReady = true;
      el.addFiles([videoFile('b.mp4')]);
      await untilStatus(el, 'processing');
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('failed', async () => {
      const el = await mountUploader({ retries: '0' });
      await standin.script('upload', [{ status: 400, body: { error: 'This account has exceeded its video limit.' } }]);
      el.addFiles([videoFile()]);
      await untilStatus(el, 'failed');
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('rejected', async () => {
      const el = await mountUploader({ multiple: true });
      await dropFiles(el, [videoFile('notes.txt', 3, 'text/plain'), videoFile('empty.mp4', 0)]);
      (part(el, 'url-input') as HTMLInputElement).value = 'ftp://example.com/a.mp4';
      part(el, 'url-button').click();
      await settled(el);
      expect(el.items.filter((i) => i.status === 'rejected')).to.have.length(1);
      expect(await axeViolations(el)).to.deep.equal([]);
    });

    it('disabled', async () => {
      const el = await mountUploader({ disabled: true });
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  });

  describe('keyboard only', () => {
    it('reaches every control in order and imports a link, cancels and retries it', async () => {
      const el = await mountUploader();
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await press('Tab');
      expect(active(el)).to.equal(named(part(el, 'button')));
      await press('Tab');
      expect(active(el)).to.equal(named(part(el, 'url-input')));
      await standin.script('upload', [{ stall: true }]);
      await typeText('https://cdn.example.com/k.mp4');
      await press('Enter');
      await untilStatus(el, 'uploading');
      await standin.received('upload'); // the stall is used up, so the retry goes through
      const [item] = el.items;
      await press('Tab');
      expect(active(el)).to.equal(named(part(el, 'url-button')));
      await press('Tab');
      expect(active(el)).to.equal(named(rowButton(el, item.id, 'Cancel')));
      await press('Enter');
      await untilStatus(el, 'cancelled');
      expect(active(el), 'focus moves to the first button of the same item').to.equal(
        named(rowButton(el, item.id, 'Retry')),
      );
      await press('Space');
      await untilStatus(el, 'succeeded');
      expect(active(el), 'focus follows the item as its buttons change').to.equal(
        named(rowButton(el, item.id, 'Remove')),
      );
      before.remove();
    });

    it('puts focus back on the picker button when the file dialog closes, picked or cancelled', async () => {
      // Safari on macOS does not focus a clicked button (WebKitGTK on CI does), so the dialog closes with focus
      // nowhere: the test starts from that state, which every engine can reach.
      const el = await mountUploader({ manual: true });
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      input.addEventListener('click', (e) => e.preventDefault()); // no real dialog in a test
      const button = part(el, 'button');
      const openWithFocusNowhere = () => {
        button.click();
        ((el.shadowRoot!.activeElement ?? document.activeElement) as HTMLElement | null)?.blur();
        expect(document.activeElement === document.body || document.activeElement === null).to.equal(true);
      };
      openWithFocusNowhere();
      input.dispatchEvent(new Event('cancel'));
      expect(active(el), 'after a cancel').to.equal(named(button));
      openWithFocusNowhere();
      const picked = new DataTransfer();
      picked.items.add(videoFile('picked.mp4'));
      input.files = picked.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await settled(el);
      expect(el.items.map((i) => i.name)).to.deep.equal(['picked.mp4']);
      expect(active(el), 'after a pick').to.equal(named(button));
      // A page that opened the picker from its own control keeps its focus.
      const own = document.createElement('button');
      el.before(own);
      own.focus();
      input.dispatchEvent(new Event('cancel'));
      expect(document.activeElement).to.equal(own);
      own.remove();
    });

    it('opens the file picker with Enter and with Space', async () => {
      const el = await mountUploader();
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      let opened = 0;
      input.addEventListener('click', (e) => {
        opened++;
        e.preventDefault();
      });
      part(el, 'button').focus();
      await press('Enter');
      await press('Space');
      expect(opened).to.equal(2);
    });

    it('moves focus to the next item, then the previous, then the picker button as items are removed', async () => {
      const el = await mountUploader({ multiple: true });
      const [a, b, c] = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4'), videoFile('c.mp4')]);
      await untilStatus(el, 'succeeded', 3);
      rowButton(el, b.id, 'Remove').focus();
      await press('Enter');
      await settled(el);
      expect(active(el), 'next item').to.equal(named(rowButton(el, c.id, 'Remove')));
      await press('Enter');
      await settled(el);
      expect(active(el), 'previous item when there is no next').to.equal(named(rowButton(el, a.id, 'Remove')));
      await press('Enter');
      await settled(el);
      expect(active(el), 'the picker button when the list is empty').to.equal(named(part(el, 'button')));
    });

    it('keeps focus on its item when an earlier row is removed by the page', async () => {
      const el = await mountUploader({ multiple: true, manual: true });
      const [a, b, c] = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4'), videoFile('c.mp4')]);
      await settled(el);
      rowButton(el, b.id, 'Remove').focus();
      // Rows are drawn by position: the focused button's row now shows c, and focus must not stay on it.
      el.remove(a.id);
      await settled(el);
      expect(active(el)).to.equal(named(rowButton(el, b.id, 'Remove')));
      await press('Enter');
      await settled(el);
      expect(el.items.map((item) => item.id)).to.deep.equal([c.id]);
    });

    it('gives every control a visible focus indicator', async () => {
      const el = await mountUploader();
      part(el, 'button').focus();
      await press('Tab');
      await press('Shift+Tab');
      const style = getComputedStyle(part(el, 'button'));
      expect(style.outlineStyle).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    });
  });

  describe('live announcements', () => {
    it('announces start, success and errors politely, never percentages', async () => {
      const el = await mountUploader({ retries: '0' });
      const region = $(el, '[aria-live]')!;
      expect(region.getAttribute('aria-live')).to.equal('polite');
      expect(region.classList.contains('visually-hidden')).to.equal(true);
      const live = listen(el);
      await standin.slow(3);
      el.addFiles([videoFile('talk.mp4', 8_000_000)]);
      await live.heard('Uploading talk.mp4');
      await live.heard('talk.mp4 uploaded');
      await standin.script('upload', [{ status: 500 }]);
      el.addFiles([videoFile('broken.mp4')]);
      await live.heard('broken.mp4 failed: Wistia had a problem receiving the file.');
      await dropFiles(el, [videoFile('x.txt', 1, 'text/plain')]);
      await live.heard('x.txt not added: This type of file is not accepted (accepted: video/*).');
      expect(live.texts.filter((t) => /%/.test(t))).to.deep.equal([]);
    });

    it('keeps a flood of announcements short', async () => {
      const el = await mountUploader({ multiple: true });
      const live = listen(el);
      el.addFiles(Array.from({ length: 8 }, (_, i) => videoFile(`n${i}.txt`, 1, 'text/plain')));
      await live.heard('and 5 more');
      expect(live.texts.at(-1)!.split('not added')).to.have.length(4);
    });
  });

  describe('progress bar', () => {
    it('is a progressbar with its value while bytes move', async () => {
      const el = await mountUploader();
      await standin.script('upload', [{ stall: true }]);
      // Larger than the socket buffers, so the body is still being sent while the stand-in stalls.
      const [item] = el.addFiles([videoFile('p.mp4', 20_000_000)]);
      await untilStatus(el, 'uploading');
      const bar = row(el, item.id)!.querySelector('[part~=progress]')!;
      expect(bar.getAttribute('role')).to.equal('progressbar');
      expect(bar.getAttribute('aria-valuemin')).to.equal('0');
      expect(bar.getAttribute('aria-valuemax')).to.equal('100');
      expect(Number(bar.getAttribute('aria-valuenow'))).to.be.within(0, 100);
      expect(bar.getAttribute('aria-label')).to.equal('Progress of p.mp4');
    });

    it('has no value for a link import, where Wistia fetches the file itself', async () => {
      const el = await mountUploader();
      await standin.script('upload', [{ stall: true }]);
      const item = el.importUrl('https://cdn.example.com/a.mp4');
      await untilStatus(el, 'uploading');
      const bar = row(el, item.id)!.querySelector('[part~=progress]')!;
      expect(bar.hasAttribute('aria-valuenow')).to.equal(false);
      expect(row(el, item.id)!.querySelector('.state')!.textContent!.trim()).to.equal('Importing');
    });
  });

  it('makes every target at least 24×24 px', async () => {
    const el = await mountUploader({ multiple: true, manual: true });
    el.addFiles([videoFile('a.mp4')]);
    el.addFiles([videoFile('b.txt', 1, 'text/plain')]);
    await settled(el);
    const targets = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, input:not([type=file])')];
    expect(targets.length).to.be.at.least(6);
    for (const target of targets) {
      const box = target.getBoundingClientRect();
      expect([box.width >= 24, box.height >= 24], target.outerHTML.slice(0, 80)).to.deep.equal([true, true]);
    }
  });

  describe('media features switched at run time', () => {
    limitTo(['chromium'], 'prefers-reduced-motion and forced-colors can be emulated at run time only through CDP');
    afterEach(async () => {
      if (engine === 'chromium')
        await emulateMedia({ 'prefers-reduced-motion': 'no-preference', 'forced-colors': 'none' });
    });

    it('respects prefers-reduced-motion', async () => {
      const el = await mountUploader();
      await standin.script('upload', [{ stall: true }]);
      el.importUrl('https://cdn.example.com/a.mp4');
      await untilStatus(el, 'uploading');
      const bar = $(el, '.working .bar')!;
      // The stripes are the bar's ::before, slid on the compositor.
      const stripes = () => getComputedStyle(bar, '::before');
      await emulateMedia({ 'prefers-reduced-motion': 'no-preference' });
      expect(stripes().animationName).to.equal('stripes');
      await emulateMedia({ 'prefers-reduced-motion': 'reduce' });
      expect(stripes().animationName).to.equal('none');
      // Still, the bar is full and striped: it reads as work going on, not as a bar stuck part-way.
      expect(bar.getBoundingClientRect().width).to.equal($(el, '.working')!.getBoundingClientRect().width);
      expect(stripes().backgroundImage).to.contain('repeating-linear-gradient');
      expect(getComputedStyle(part(el, 'button')).transitionDuration).to.equal('0s');
    });

    it('stays visible in forced colours', async () => {
      const el = await mountUploader();
      await standin.script('upload', [{ stall: true }]);
      el.addFiles([videoFile()]);
      await untilStatus(el, 'uploading');
      await emulateMedia({ 'forced-colors': 'active' });
      const bar = $(el, '.bar')!;
      expect(getComputedStyle(bar).forcedColorAdjust).to.equal('none');
      const probe = document.createElement('div');
      probe.style.cssText = 'background: Highlight; forced-color-adjust: none';
      document.body.append(probe);
      expect(getComputedStyle(bar).backgroundColor).to.equal(getComputedStyle(probe).backgroundColor);
      probe.remove();
      expect(getComputedStyle($(el, '.progress')!).borderTopStyle).to.equal('solid');
    });
  });
});
