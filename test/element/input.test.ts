import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  settled,
  $,
  dropFiles,
  mountUploader,
  ofType,
  part,
  paste,
  recordEvents,
  standin,
  untilStatus,
  videoFile,
  pickFromDisk,
  press,
  typeText,
} from './support.js';
import { inferredType } from '../../src/core/file-rules.js';

/** Clicks the picker button and chooses `files` in the (intercepted) file dialog. */
async function pickFiles(
  el: HTMLElement & { updateComplete: Promise<boolean> },
  files: File[],
): Promise<HTMLInputElement> {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
  let opened = false;
  input.addEventListener(
    'click',
    (e) => {
      opened = true;
      e.preventDefault(); // no real dialog in a test
    },
    { once: true },
  );
  (el.shadowRoot!.querySelector('[part~=button]') as HTMLButtonElement).click();
  expect(opened, 'the button opens the file picker').to.equal(true);
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  input.files = dataTransfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settled(el);
  return input;
}

function rejectionTexts(el: HTMLElement): string[] {
  return [...el.shadowRoot!.querySelectorAll('.rejections li')].map((li) =>
    li.textContent!.replace(/\s+/g, ' ').trim(),
  );
}

describe('input: every way in', () => {
  beforeEach(() => standin.reset());

  describe('drag and drop', () => {
    it('uploads a dropped file to Wistia', async () => {
      const el = await mountUploader();
      const success = oneEvent(el, 'wistia-upload-success');
      await dropFiles(el, [videoFile('dropped.mp4', 4096)]);
      const { detail } = await success;
      expect(detail.item.source).to.equal('file');
      expect(detail.item.name).to.equal('dropped.mp4');
      const uploads = (await standin.requests()).filter((r) => r.route === 'upload');
      expect(uploads).to.have.length(1);
      expect(uploads[0].files[0].filename).to.equal('dropped.mp4');
      expect(uploads[0].auth).to.equal('ok');
    });

    it('sets the dragging state while files are over it, and clears it on leave and on drop', async () => {
      const el = await mountUploader();
      const zone = part(el, 'dropzone');
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(videoFile());
      const enter = new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true });
      zone.dispatchEvent(enter);
      await settled(el);
      expect(enter.defaultPrevented, 'dragenter accepted').to.equal(true);
      expect(el.hasAttribute('dragging')).to.equal(true);
      expect($(el, '.hint')!.textContent!.trim()).to.equal('Drop to upload');
      const over = new DragEvent('dragover', { dataTransfer, bubbles: true, composed: true, cancelable: true });
      zone.dispatchEvent(over);
      expect(over.defaultPrevented, 'dragover accepted so the browser does not open the file').to.equal(true);
      zone.dispatchEvent(new DragEvent('dragleave', { dataTransfer, bubbles: true, composed: true }));
      await settled(el);
      expect(el.hasAttribute('dragging')).to.equal(false);
      expect($(el, '.hint')!.textContent).to.not.equal('Drop to upload');

      await dropFiles(el, [videoFile()]);
      expect(el.hasAttribute('dragging')).to.equal(false);
    });

    it('keeps the dragging state while moving between its own children', async () => {
      const el = await mountUploader();
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(videoFile());
      const opts = { dataTransfer, bubbles: true, composed: true, cancelable: true };
      part(el, 'dropzone').dispatchEvent(new DragEvent('dragenter', opts));
      part(el, 'button').dispatchEvent(new DragEvent('dragenter', opts));
      part(el, 'dropzone').dispatchEvent(new DragEvent('dragleave', opts));
      await settled(el);
      expect(el.hasAttribute('dragging')).to.equal(true);
      part(el, 'button').dispatchEvent(new DragEvent('dragleave', opts));
      await settled(el);
      expect(el.hasAttribute('dragging')).to.equal(false);
    });

    it('imports a dropped link', async () => {
      const el = await mountUploader();
      const dataTransfer = new DataTransfer();
      dataTransfer.setData('text/uri-list', '# a comment\nhttps://cdn.example.com/talk.mp4');
      const success = oneEvent(el, 'wistia-upload-success');
      part(el, 'dropzone').dispatchEvent(
        new DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }),
      );
      const { detail } = await success;
      expect(detail.item.source).to.equal('url');
      expect(detail.item.url).to.equal('https://cdn.example.com/talk.mp4');
    });

    it('takes only the first of several dropped files unless multiple, refusing the rest with rejected_count', async () => {
      const el = await mountUploader();
      const events = recordEvents(el);
      const said: string[] = [];
      const region = el.shadowRoot!.querySelector('[aria-live]')!;
      new MutationObserver(() => said.push(region.textContent!)).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
      await dropFiles(el, [videoFile('one.mp4'), videoFile('two.mp4'), videoFile('three.mp4')]);
      const rejects = ofType(events, 'wistia-file-reject');
      expect(rejects.map((e) => e.detail.item.name)).to.deep.equal(['two.mp4', 'three.mp4']);
      expect(rejects.every((e) => e.detail.item.error.code === 'rejected_count')).to.equal(true);
      expect(rejectionTexts(el)).to.deep.equal([
        'two.mp4 Only one file can be added at a time. Dismiss',
        'three.mp4 Only one file can be added at a time. Dismiss',
      ]);
      await waitUntil(
        () => said.some((t) => t.includes('two.mp4 not added: Only one file can be added at a time.')),
        'announced with the reason',
      );
      await untilStatus(el, 'succeeded');
      expect(el.items.filter((i) => i.status === 'succeeded').map((i) => i.name)).to.deep.equal(['one.mp4']);

      el.multiple = true;
      await settled(el);
      await dropFiles(el, [videoFile('four.mp4'), videoFile('five.mp4')]);
      expect(el.items.filter((i) => i.status === 'rejected')).to.have.length(0);
      await untilStatus(el, 'succeeded', 3);
    });
  });

  describe('file picker', () => {
    it('opens from a real button and queues what was chosen', async () => {
      const el = await mountUploader({ multiple: true, accept: 'video/*,.mxf' });
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      expect(input.hidden, 'the native input stays hidden').to.equal(true);
      expect(input.accept).to.equal('video/*,.mxf');
      expect(input.multiple).to.equal(true);
      expect(part(el, 'button').tagName).to.equal('BUTTON');
      const success = oneEvent(el, 'wistia-upload-success');
      await pickFiles(el, [videoFile('picked.mp4')]);
      expect((await success).detail.item.name).to.equal('picked.mp4');
      expect(input.value, 'cleared so the same file can be picked again').to.equal('');
    });

    it('takes camcorder and broadcast files picked from disk, however the engine types them', async () => {
      // Typed by the engine from the system's MIME table: Firefox gives .mts as model/vnd.mts and leaves .divx,
      // .f4v, .m2ts and .vob untyped; every engine gives .ts, .mxf and .asf non-video types.
      const names = ['CLIP0001.MTS', 'stream.ts', 'master.mxf', 'old.asf', 'a.divx', 'b.f4v', 'c.m2ts', 'd.vob'];
      const el = await mountUploader({ multiple: true, manual: true });
      // Captured before the element's own listener, which empties the input so the same file can be picked again.
      const picked = new Promise<File[]>((resolve) =>
        el.shadowRoot!.addEventListener('change', (e) => resolve([...(e.target as HTMLInputElement).files!]), {
          once: true,
          capture: true,
        }),
      );
      const events = recordEvents(el);
      await pickFromDisk(el, names);
      const files = await picked;
      await settled(el);
      expect(ofType(events, 'wistia-file-reject').map((e) => e.detail.item.name)).to.deep.equal([]);
      expect(el.items.map((i) => [i.name, i.status])).to.deep.equal(names.map((n) => [n, 'queued']));
      for (const item of el.items) {
        const file = files.find((f) => f.name === item.name)!;
        expect(
          item.type,
          `${item.name}: the engine's type (${JSON.stringify(file.type)}) or the inferred one`,
        ).to.equal(file.type || inferredType(file));
        expect(item.type, item.name).to.not.equal('');
      }
    });

    it('is single-file by default', async () => {
      const el = await mountUploader();
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      expect(input.multiple).to.equal(false);
      expect(part(el, 'button').textContent!.trim()).to.equal('Choose a file');
      el.multiple = true;
      await settled(el);
      expect(part(el, 'button').textContent!.trim()).to.equal('Choose files');
    });
  });

  describe('paste', () => {
    it('adds pasted files while focus is inside', async () => {
      const el = await mountUploader();
      part(el, 'button').focus();
      const success = oneEvent(el, 'wistia-upload-success');
      const event = paste(el.shadowRoot!.activeElement!, { files: [videoFile('pasted.mov', 1000, 'video/quicktime')] });
      expect(event.defaultPrevented).to.equal(true);
      expect((await success).detail.item.name).to.equal('pasted.mov');
    });

    it('imports a pasted link, and an s3:// link as an S3 copy', async () => {
      const el = await mountUploader({ multiple: true });
      part(el, 'button').focus();
      const events = recordEvents(el);
      paste(part(el, 'button'), {
        text: 'https://www.dropbox.com/s/abc123/launch.mp4?dl=0\ns3://media-bucket/raw/launch-b.mov',
      });
      await waitUntil(() => ofType(events, 'wistia-upload-success').length === 2, 'both imports succeed', {
        timeout: 10000,
      });
      const items = el.items;
      expect(items.map((i) => i.source)).to.deep.equal(['url', 's3']);
      expect(items[0].url).to.equal('https://dl.dropbox.com/s/abc123/launch.mp4');
      expect(items[1].bucket).to.equal('media-bucket');
      expect(items[1].sourceFile).to.equal('raw/launch-b.mov');
      const routes = (await standin.requests()).filter((r) => r.route !== 'token').map((r) => r.route);
      expect(routes.sort()).to.deep.equal(['s3_copy', 'upload']);
    });

    it('leaves text pasted into the link field to the field', async () => {
      const el = await mountUploader();
      const field = part(el, 'url-input') as HTMLInputElement;
      field.focus();
      const event = paste(field, { text: 'https://cdn.example.com/a.mp4' });
      expect(event.defaultPrevented).to.equal(false);
      expect(el.items).to.have.length(0);
    });

    it('ignores a paste with nothing usable in it', async () => {
      const el = await mountUploader();
      const event = paste(part(el, 'button'), {});
      expect(event.defaultPrevented).to.equal(false);
      expect(el.items).to.have.length(0);
    });
  });

  describe('link field', () => {
    it('imports what is typed when Enter is pressed, and empties the field', async () => {
      const el = await mountUploader();
      const field = part(el, 'url-input') as HTMLInputElement;
      field.focus();
      await typeText('https://cdn.example.com/keynote.mp4');
      const success = oneEvent(el, 'wistia-upload-success');
      await press('Enter');
      const { detail } = await success;
      expect(detail.item.url).to.equal('https://cdn.example.com/keynote.mp4');
      expect(field.value).to.equal('');
      const upload = (await standin.requests()).find((r) => r.route === 'upload')!;
      expect(upload.contentType).to.match(/^application\/x-www-form-urlencoded/);
      expect(upload.fields.url).to.equal('https://cdn.example.com/keynote.mp4');
    });

    it('imports with the Import button, and an s3:// link becomes an S3 copy', async () => {
      const el = await mountUploader();
      const field = part(el, 'url-input') as HTMLInputElement;
      field.value = 's3://my-bucket//videos/dog.mp4';
      const success = oneEvent(el, 'wistia-upload-success');
      part(el, 'url-button').click();
      const { detail } = await success;
      expect(detail.item.source).to.equal('s3');
      const copy = (await standin.requests()).find((r) => r.route === 's3_copy')!;
      expect(copy.fields).to.include({ bucket: 'my-bucket', source_file: 'videos/dog.mp4' });
    });

    it('does nothing for an empty field', async () => {
      const el = await mountUploader();
      part(el, 'url-button').click();
      await settled(el);
      expect(el.items).to.have.length(0);
      expect(el.shadowRoot!.activeElement === part(el, 'url-input')).to.equal(true);
    });
  });

  describe('rejections: shown beside the input, announced as an event, nothing sent', () => {
    const cases: Array<{
      what: string;
      attrs?: Record<string, string | boolean>;
      files: File[];
      code: string;
      text: string;
    }> = [
      {
        what: 'a type not accepted',
        files: [videoFile('notes.txt', 10, 'text/plain')],
        code: 'rejected_type',
        text: 'This type of file is not accepted (accepted: video/*).',
      },
      {
        what: 'a file over max-file-size',
        attrs: { 'max-file-size': '1500' },
        files: [videoFile('big.mp4', 2000)],
        code: 'rejected_size',
        text: 'This file is larger than 1.5 kB.',
      },
      {
        what: 'an empty file',
        files: [videoFile('empty.mp4', 0)],
        code: 'rejected_empty',
        text: 'This file is empty.',
      },
    ];
    for (const c of cases) {
      it(`refuses ${c.what}`, async () => {
        const el = await mountUploader(c.attrs);
        const reject = oneEvent(el, 'wistia-file-reject');
        await dropFiles(el, c.files);
        const { detail } = await reject;
        expect(detail.item.status).to.equal('rejected');
        expect(detail.item.error.code).to.equal(c.code);
        expect(rejectionTexts(el)).to.deep.equal([`${c.files[0].name} ${c.text} Dismiss`]);
        expect(el.shadowRoot!.querySelector('[part~=list]'), 'refused input is not in the upload list').to.equal(null);
        expect(await standin.requests()).to.have.length(0);
      });
    }

    it('refuses files past max-files', async () => {
      const el = await mountUploader({ 'max-files': '1', multiple: true });
      const events = recordEvents(el);
      await dropFiles(el, [videoFile('a.mp4'), videoFile('b.mp4')]);
      const rejects = ofType(events, 'wistia-file-reject');
      expect(rejects.map((e) => [e.detail.item.name, e.detail.item.error.code])).to.deep.equal([
        ['b.mp4', 'rejected_count'],
      ]);
      expect(rejectionTexts(el)).to.deep.equal(['b.mp4 No more than 1 files can be added. Dismiss']);
    });

    it('refuses a bad or insecure link, keeps it in the field and ties the reason to the field', async () => {
      const el = await mountUploader();
      const field = part(el, 'url-input') as HTMLInputElement;
      for (const [link, code, text] of [
        [
          'https://example.com/page.html',
          'invalid_url',
          'This is not a link to a video or audio file, such as .mp4 or .mov.',
        ],
        ['ftp://example.com/a.mp4', 'insecure_url', 'Only https and http links without a password can be imported.'],
        [
          'https://user:pw@example.com/a.mp4',
          'insecure_url',
          'Only https and http links without a password can be imported.',
        ],
      ]) {
        field.value = link;
        const reject = oneEvent(el, 'wistia-file-reject');
        part(el, 'url-button').click();
        expect((await reject).detail.item.error.code).to.equal(code);
        await settled(el);
        expect(field.value, 'kept so it can be corrected').to.equal(link);
        expect(field.getAttribute('aria-invalid')).to.equal('true');
        const described = el.shadowRoot!.getElementById(field.getAttribute('aria-describedby')!)!;
        expect(described.textContent!.trim()).to.equal(text);
        expect(rejectionTexts(el), 'the previous refusal is replaced').to.have.length(1);
      }
      expect(await standin.requests()).to.have.length(0);

      field.value = 'https://example.com/fixed.mp4';
      part(el, 'url-button').click();
      await settled(el);
      expect(field.getAttribute('aria-invalid')).to.equal('false');
      expect(field.hasAttribute('aria-describedby')).to.equal(false);
      expect(rejectionTexts(el)).to.deep.equal([]);
    });

    it('dismisses a refusal with its button', async () => {
      const el = await mountUploader();
      await dropFiles(el, [videoFile('notes.txt', 10, 'text/plain')]);
      const dismiss = el.shadowRoot!.querySelector<HTMLButtonElement>('.rejections button')!;
      expect(dismiss.getAttribute('aria-label')).to.equal('Dismiss notes.txt');
      dismiss.focus();
      dismiss.click();
      await settled(el);
      expect(el.items).to.have.length(0);
      expect($(el, '.rejections')).to.equal(null);
      expect(el.shadowRoot!.activeElement === part(el, 'button'), 'focus goes back to the picker button').to.equal(
        true,
      );
    });
  });

  describe('number formats', () => {
    /** The locales `Intl.NumberFormat` is made for while `run` goes on. */
    async function localesFormatted(run: (made: string[]) => Promise<void>): Promise<void> {
      const made: string[] = [];
      const original = Intl.NumberFormat;
      Intl.NumberFormat = new Proxy(original, {
        construct(target, args: ConstructorParameters<typeof Intl.NumberFormat>) {
          made.push(String(args[0]));
          return Reflect.construct(target, args) as Intl.NumberFormat;
        },
      });
      try {
        await run(made);
      } finally {
        Intl.NumberFormat = original;
      }
    }

    // The first number format of a page loads locale data (about 30 ms in Chromium): not while the first row draws.
    it('are made while the file picker is open', async () => {
      await localesFormatted(async (made) => {
        const el = await mountUploader({ lang: 'en-CA' });
        await settled(el);
        el.shadowRoot!.querySelector('input[type=file]')!.addEventListener('click', (e) => e.preventDefault());
        expect(made).not.to.include('en-CA');
        el.openFilePicker();
        await waitUntil(() => made.includes('en-CA'), 'a number format for the page language');
      });
    });

    it('are made once a drag of files begins', async () => {
      await localesFormatted(async (made) => {
        const el = await mountUploader({ lang: 'en-AU' });
        await settled(el);
        expect(made).not.to.include('en-AU');
        const dataTransfer = new DataTransfer();
        dataTransfer.items.add(videoFile());
        part(el, 'dropzone').dispatchEvent(
          new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true }),
        );
        await waitUntil(() => made.includes('en-AU'), 'a number format for the page language');
      });
    });
  });

  describe('disabled', () => {
    it('accepts no input: drop, paste, buttons and the link field', async () => {
      const el = await mountUploader({ disabled: true });
      await dropFiles(el, [videoFile()]);
      paste(part(el, 'button'), { files: [videoFile()] });
      expect(el.items).to.have.length(0);
      expect((part(el, 'button') as HTMLButtonElement).disabled).to.equal(true);
      expect((part(el, 'url-input') as HTMLInputElement).disabled).to.equal(true);
      expect((part(el, 'url-button') as HTMLButtonElement).disabled).to.equal(true);
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      let opened = false;
      input.addEventListener('click', (e) => {
        opened = true;
        e.preventDefault();
      });
      el.openFilePicker();
      expect(opened).to.equal(false);
    });

    it('still stops the browser from opening a file dropped on it', async () => {
      const el = await mountUploader({ disabled: true });
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(videoFile());
      const over = new DragEvent('dragover', { dataTransfer, bubbles: true, composed: true, cancelable: true });
      part(el, 'dropzone').dispatchEvent(over);
      expect(over.defaultPrevented).to.equal(true);
      expect(el.hasAttribute('dragging')).to.equal(false);
    });
  });
});
