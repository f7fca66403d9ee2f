import { expect } from '@open-wc/testing';
import { createUploader, EventName, type Uploader } from '../../src/core/index.js';
import { makeFile, record, settled } from '../helpers/core-fixtures.js';
import { sha256, standin, STANDIN } from '../helpers/standin.js';

const codePoints = (text: string) => Array.from(text).length;
const isWellFormed = (text: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/** Names people and programs really produce, and names made to hurt. */
const HOSTILE_NAMES = {
  markup: '<img src=x onerror="window.__hostile=1"><script>window.__hostile=2</script>.mp4',
  rtlOverride: 'invoice\u202egnp.mp4',
  quotesAndBreaks: 'a"b\\c\r\nContent-Type: text/html\r\n\r\nx.mp4',
  emoji: '🎬 Cat 🐈‍⬛ by 👩🏽‍💻.mov',
  tenThousandAscii: `${'a'.repeat(9996)}.mp4`,
  tenThousandEmoji: `${'🎬'.repeat(9996)}.mp4`,
  combining: `${'e\u0301'.repeat(300)}.webm`,
};

describe('hostile file names reach Wistia intact or cut cleanly', () => {
  let uploader: Uploader;
  beforeEach(() => standin.reset());
  afterEach(() => uploader?.dispose());

  for (const [label, name] of Object.entries(HOSTILE_NAMES)) {
    it(`uploads "${label}" once, named within 255 characters, extension kept, bytes matching`, async () => {
      uploader = createUploader({ ...STANDIN, retries: 0 });
      const events = record(uploader);
      const file = makeFile(name, 4096 + codePoints(name));
      const [item] = uploader.add([file]);
      await settled(uploader);

      const extension = name.slice(name.lastIndexOf('.'));
      expect(codePoints(item.name)).to.be.at.most(255);
      expect(isWellFormed(item.name)).to.equal(true);
      expect(item.name.endsWith(extension)).to.equal(true);
      if (codePoints(name) <= 255) expect(item.name).to.equal(name);

      const errors = events.filter((e) => e.type === EventName.uploadError).map((e) => e.detail.error);
      expect(errors, 'upload error').to.deep.equal([]);
      const success = events.find((e) => e.type === EventName.uploadSuccess)!.detail;
      expect(success.media.name).to.equal(item.name);

      const uploads = (await standin.log()).requests.filter((r: { route: string }) => r.route === 'upload');
      expect(uploads).to.have.length(1);
      expect(uploads[0].fields.name).to.equal(item.name);
      expect(uploads[0].files[0].sha256).to.equal(await sha256(file));
      // The part header carries the cut name too: parsers refuse headers past a few KB.
      expect(codePoints(uploads[0].files[0].filename)).to.be.at.most(255);
      expect((window as { __hostile?: number }).__hostile).to.equal(undefined);
    });
  }
});
