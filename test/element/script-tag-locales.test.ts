import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { englishMessages } from '../../src/element/english.js';
import french from '../../src/locales/fr.js';

interface PageWindow extends Window {
  cspViolations: string[];
}

/** The built script-tag file on a page of its own, as a site has it: the page's policy comes with its address. */
async function openPage(path: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  await loaded;
  return frame;
}

/** Paths of everything the page requested after itself. */
function requested(frame: HTMLIFrameElement): string[] {
  return frame
    .contentWindow!.performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => !path.endsWith('.html'));
}

const buttonText = (el: Element) => el.shadowRoot?.querySelector('[part~=button]')?.textContent?.trim();

describe('the script-tag file and dist/locales', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('fetches locales/fr.js beside itself once, for every French element, under a strict CSP', async () => {
    frame = await openPage('/csp/locale-fr.html');
    const doc = frame.contentDocument!;
    const elements = [...doc.querySelectorAll('wistia-uploader')];
    await waitUntil(() => elements.every((el) => buttonText(el) === french.chooseFile), 'both elements speak French');
    // Back to English and to French again: English is built in, French is already loaded.
    doc.documentElement.lang = 'en';
    await waitUntil(() => elements.every((el) => buttonText(el) === englishMessages.chooseFile), 'English again');
    doc.documentElement.lang = 'fr-CA';
    await waitUntil(() => elements.every((el) => buttonText(el) === french.chooseFile), 'French again');

    expect(requested(frame)).to.deep.equal([
      '/csp/violations.js',
      '/dist/wistia-uploader.min.js',
      '/dist/locales/fr.js',
    ]);
    expect((frame.contentWindow as unknown as PageWindow).cspViolations).to.deep.equal([]);
  });

  it('makes no request but itself while the page is English', async () => {
    frame = await openPage('/csp/locale-en.html');
    const el = frame.contentDocument!.querySelector('wistia-uploader')!;
    await waitUntil(() => buttonText(el) === englishMessages.chooseFile, 'the element renders in English');
    // A language without a file of its own stays English and asks for nothing either.
    el.setAttribute('lang', 'nl');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(buttonText(el)).to.equal(englishMessages.chooseFile);
    expect(requested(frame)).to.deep.equal(['/csp/violations.js', '/dist/wistia-uploader.min.js']);
  });

  it('loads French on a page that requires Trusted Types for scripts', async function () {
    frame = await openPage('/locked/locale-fr.html');
    const win = frame.contentWindow as unknown as PageWindow;
    // An engine without Trusted Types has no such policy to hold the loader to; the strict-CSP test above covers it.
    if (!('trustedTypes' in win)) this.skip();
    const doc = frame.contentDocument!;
    const el = doc.querySelector('wistia-uploader')!;
    await waitUntil(() => buttonText(el) === french.chooseFile, 'the element speaks French');
    expect(requested(frame)).to.include('/dist/locales/fr.js');
    expect(win.cspViolations).to.deep.equal([]);
    // The policy is live: a script's URL from a plain string is refused.
    const refusal = (() => {
      try {
        doc.createElement('script').src = '/dist/locales/fr.js';
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    })();
    expect(refusal).to.equal('TypeError');
  });
});
