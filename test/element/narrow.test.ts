/** A phone-wide element (360 px): decided by the element's own width, through container queries. */
import { expect } from '@open-wc/testing';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { $, mountUploader, part, parts, settled, standin, untilStatus, videoFile } from './support.js';

const LONG_NAME = 'Quarterly all-hands meeting recording with the product roadmap and questions from everyone.mp4';

/**
 * Rows in the states a phone shows most: done, failed with an explanation, running, cancelled. Files that must go
 * through whole are a few MB: what is drawn does not depend on their size, and a loaded machine moves 48 MB slowly.
 */
async function busyList(el: WistiaUploader): Promise<void> {
  el.multiple = true;
  el.retries = 0;
  await standin.script('upload', [
    { pass: true },
    { status: 400, body: { error: 'This account has exceeded its video limit.' } },
    { stall: true },
  ]);
  el.addFiles([videoFile(LONG_NAME, 4_800_000)]);
  await untilStatus(el, 'succeeded');
  el.addFiles([videoFile('Customer interview.mov', 3_100_000, 'video/quicktime')]);
  await untilStatus(el, 'failed');
  el.addFiles([videoFile('Behind the scenes.mp4', 2_600_000)]);
  await untilStatus(el, 'uploading');
  const [cancelled] = el.addFiles([videoFile('Outtakes.mp4', 90_000_000)]);
  el.cancel(cancelled.id);
  await settled(el);
}

describe('narrow places (360 px)', () => {
  let el: WistiaUploader;
  beforeEach(async () => {
    await standin.reset();
    el = await mountUploader();
    el.style.width = '360px';
    await busyList(el);
  });

  it("keeps each row's actions on the row's own line, beside its text", () => {
    for (const item of parts(el, 'item')) {
      const body = item.querySelector('.body')!.getBoundingClientRect();
      const rowBox = item.getBoundingClientRect();
      for (const button of item.querySelectorAll('.actions button')) {
        const box = button.getBoundingClientRect();
        const name = button.getAttribute('aria-label');
        expect(box.left, `${name} beside the text`).to.be.at.least(body.right);
        expect(box.top, `${name} not below the text`).to.be.below(body.bottom);
        expect(box.right, `${name} inside the row`).to.be.at.most(rowBox.right + 0.5);
        expect(
          [box.width, box.height].every((side) => side >= 24),
          `${name} still a 24 px target`,
        ).to.equal(true);
      }
    }
  });

  it('shows a long name on at most two lines, the whole name still read out', () => {
    const name = parts(el, 'item')[0].querySelector<HTMLElement>('.name')!;
    const lineHeight =
      parseFloat(getComputedStyle(name).lineHeight) || parseFloat(getComputedStyle(name).fontSize) * 1.2;
    expect(name.getBoundingClientRect().height).to.be.at.most(lineHeight * 2 + 1);
    expect(name.scrollHeight, 'the name is longer than two lines here').to.be.above(lineHeight * 2 + 1);
    expect(name.textContent).to.equal(LONG_NAME);
    expect(name.title).to.equal(LONG_NAME);
  });

  it('lets nothing overflow sideways', () => {
    const base = part(el, 'base');
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    const right = base.getBoundingClientRect().right;
    for (const node of base.querySelectorAll<HTMLElement>('*')) {
      if (node.closest('.visually-hidden') || node.matches('input[type=file]')) continue;
      expect(node.getBoundingClientRect().right, node.className || node.tagName).to.be.at.most(right + 0.5);
    }
  });

  it("fits the link field's placeholder", () => {
    const input = part(el, 'url-input') as HTMLInputElement;
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    expect(context.measureText(input.placeholder).width).to.be.at.most(room);
  });

  it('goes back to words on the buttons when the element is wide again', async () => {
    el.style.width = '720px';
    await settled(el);
    const button = parts(el, 'item')[0].querySelector<HTMLElement>('.actions button')!;
    expect(getComputedStyle(button.querySelector('.label')!).display).to.not.equal('none');
    expect(getComputedStyle(button.querySelector('svg')!).display).to.equal('none');
    expect($(el, '.url-row')!.getBoundingClientRect().height).to.be.below(60);
  });
});

describe('touch-only screens', () => {
  it('drop the "Drag and drop" hint where nothing can be dragged: (hover: none) and (pointer: coarse)', async () => {
    const el = await mountUploader();
    const rules = el.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    const touch = rules.find(
      (rule): rule is CSSMediaRule =>
        rule instanceof CSSMediaRule &&
        /hover:\s*none/.test(rule.conditionText) &&
        /pointer:\s*coarse/.test(rule.conditionText),
    );
    expect(touch, 'a rule for touch-only screens').to.not.equal(undefined);
    const hint = $(el, '.hint')!;
    expect(hint.textContent).to.contain('Drag and drop');
    // Applied as such a screen would: the hint is out of sight and out of the accessibility tree.
    const rule = [...touch!.cssRules].find(
      (r): r is CSSStyleRule => r instanceof CSSStyleRule && hint.matches(r.selectorText),
    );
    expect(rule?.style.display).to.equal('none');
    // A screen with a mouse (every engine under test) still shows it.
    expect(getComputedStyle(hint).display).to.not.equal('none');
  });
});
