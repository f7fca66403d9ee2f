import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { formattersFor } from '../../src/element/formatters.js';
import type { Messages } from '../../src/element/messages.js';
import { englishMessages } from '../../src/element/english.js';
import de from '../../src/locales/de.js';
import es from '../../src/locales/es.js';
import fr from '../../src/locales/fr.js';
import ja from '../../src/locales/ja.js';
import pt from '../../src/locales/pt.js';
import { settled, mountUploader, part, row, standin, untilStatus, videoFile } from './support.js';

const LOCALES: Record<string, Messages> = { es, fr, de, pt, ja };

async function shows(el: WistiaUploader, text: string): Promise<void> {
  await waitUntil(
    () => part(el, 'button').textContent!.trim() === text,
    `button reads "${text}", not "${part(el, 'button').textContent!.trim()}"`,
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('words (messages, locales, Intl)', () => {
  beforeEach(() => standin.reset());

  for (const [lang, messages] of Object.entries(LOCALES)) {
    it(`${lang}: translates every message and keeps its placeholders`, () => {
      for (const key of Object.keys(englishMessages) as (keyof Messages)[]) {
        expect(messages[key], `${lang}.${key}`).to.be.a('string').and.not.equal('');
        expect(placeholders(messages[key]), `${lang}.${key}`).to.deep.equal(placeholders(englishMessages[key]));
      }
    });

    it(`${lang}: is chosen by the element's lang`, async () => {
      const el = await mountUploader({ lang });
      await shows(el, messages.chooseFile);
      expect(part(el, 'url-button').textContent!.trim()).to.equal(messages.importButton);
    });
  }

  it("follows the nearest ancestor's lang, then the document's, and changes at run time", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><wistia-uploader></wistia-uploader></div>`);
    const el = wrapper.querySelector('wistia-uploader')!;
    await shows(el, de.chooseFile);
    wrapper.lang = 'es';
    await shows(el, es.chooseFile);
    el.lang = 'ja';
    await shows(el, ja.chooseFile);
    el.removeAttribute('lang');
    await shows(el, es.chooseFile);
    const documentLang = document.documentElement.lang;
    try {
      wrapper.removeAttribute('lang');
      document.documentElement.lang = 'fr';
      await shows(el, fr.chooseFile);
    } finally {
      document.documentElement.lang = documentLang;
    }
  });

  it('uses the language of a regional tag, and English for languages it does not have or cannot read', async () => {
    const el = await mountUploader({ lang: 'pt-BR' });
    await shows(el, pt.chooseFile);
    el.lang = 'xx';
    await shows(el, englishMessages.chooseFile);
    el.lang = 'not a language tag!';
    await shows(el, englishMessages.chooseFile);
    el.addFiles([videoFile()]);
    await untilStatus(el, 'succeeded');
  });

  it('takes overrides from the messages property, on top of the language', async () => {
    const el = await mountUploader({ lang: 'fr' });
    await shows(el, fr.chooseFile);
    el.messages = { importButton: 'Récupérer', statusSucceeded: 'Terminé !' };
    await settled(el);
    expect(part(el, 'url-button').textContent!.trim()).to.equal('Récupérer');
    expect(part(el, 'button').textContent!.trim(), 'other strings stay French').to.equal(fr.chooseFile);
    const [item] = el.addFiles([videoFile()]);
    await untilStatus(el, 'succeeded');
    expect(row(el, item.id)!.querySelector('.state')!.textContent!.trim()).to.equal('Terminé !');
  });

  it('formats sizes in the UI language', async () => {
    const el = await mountUploader({ lang: 'fr', 'max-file-size': '1500000' });
    await shows(el, fr.chooseFile);
    const [item] = el.addFiles([videoFile('a.mp4', 2048)]);
    await untilStatus(el, 'succeeded');
    expect(row(el, item.id)!.querySelector('.size')!.textContent!.trim()).to.match(/^2\s?ko$/);
    expect(el.shadowRoot!.querySelector('.limits')!.textContent!.trim()).to.match(/^Jusqu’à 1,5\s?Mo par fichier$/);
  });

  it('formats sizes, speeds, durations and percentages with Intl', () => {
    const en = formattersFor('en');
    expect(en.size(999)).to.equal('999 byte');
    expect(en.size(1_500_000)).to.equal('1.5 MB');
    expect(en.size(250_000_000_000)).to.equal('250 GB');
    expect(en.speed(2_400_000)).to.equal('2.4 MB/s');
    expect(en.percent(45.7)).to.equal('45%');
    expect(en.duration(42)).to.match(/^42 sec$/);
    expect(en.duration(65)).to.match(/^1 min,? 5 sec$/);
    expect(en.duration(3 * 3600 + 125)).to.match(/^3 hr,? 2 min$/);
    expect(formattersFor('de').size(1_500_000)).to.equal('1,5 MB');
    expect(formattersFor('ja').speed(2_400_000)).to.match(/2\.4\s?MB\/秒|2\.4\s?MB\/s/);
  });
});
