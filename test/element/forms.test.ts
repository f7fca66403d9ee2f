import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { settled, dropFiles, part, standin, untilStatus, videoFile } from './support.js';

async function formWithUploader(attrs = ''): Promise<{ form: HTMLFormElement; el: WistiaUploader }> {
  const form = await fixture<HTMLFormElement>(
    html`<form>
      <input name="title" value="Launch" />
      <fieldset>
        <wistia-uploader
          token-url="/wistia/token"
          upload-url="/wistia/upload/"
          s3-copy-url="/wistia/upload/s3_copy"
          api-url="/wistia/api"
          multiple
          name="videos"
        ></wistia-uploader>
      </fieldset>
      <button>Save</button>
    </form>`,
  );
  const el = form.querySelector('wistia-uploader')!;
  for (const attr of attrs.split(' ').filter(Boolean)) el.setAttribute(attr, '');
  await settled(el);
  return { form, el };
}

describe('forms', () => {
  beforeEach(() => standin.reset());

  it('is form-associated', async () => {
    const { form, el } = await formWithUploader();
    expect((customElements.get('wistia-uploader') as unknown as { formAssociated: boolean }).formAssociated).to.equal(
      true,
    );
    expect(el.form === form).to.equal(true);
    expect([...form.elements]).to.include(el);
  });

  it('submits one name=<hashed_id> entry per succeeded upload', async () => {
    const { form, el } = await formWithUploader();
    expect(new FormData(form).getAll('videos')).to.deep.equal([]);
    await standin.script('upload', [{ pass: true }, { status: 400, body: { error: 'No.' } }, { pass: true }]);
    el.concurrency = 1;
    el.addFiles([videoFile('a.mp4'), videoFile('b.mp4'), videoFile('c.mp4')]);
    await waitUntil(() => el.items.every((i) => i.status === 'succeeded' || i.status === 'failed'), 'all ended', {
      timeout: 10000,
    });
    await settled(el);
    const ids = el.items.filter((i) => i.status === 'succeeded').map((i) => i.media!.hashed_id);
    expect(ids).to.have.length(2);
    expect(new FormData(form).getAll('videos')).to.deep.equal(ids);
    expect(new FormData(form).get('title')).to.equal('Launch');
  });

  it('submits nothing without a name', async () => {
    const { form, el } = await formWithUploader();
    el.removeAttribute('name');
    el.addFiles([videoFile()]);
    await untilStatus(el, 'succeeded');
    expect([...new FormData(form).keys()]).to.deep.equal(['title']);
  });

  it('required: valueMissing until an upload succeeds', async () => {
    const { form, el } = await formWithUploader('required');
    expect(el.validity!.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Upload at least one video.');
    expect(form.checkValidity()).to.equal(false);
    el.addFiles([videoFile()]);
    await untilStatus(el, 'succeeded');
    expect(el.validity!.valid).to.equal(true);
    expect(form.checkValidity()).to.equal(true);
  });

  it('is invalid while uploads are in flight, so a form cannot be sent half-way', async () => {
    const { form, el } = await formWithUploader();
    expect(el.checkValidity()).to.equal(true);
    await standin.script('upload', [{ delayMs: 800 }]);
    let submitted = 0;
    form.addEventListener('submit', (e) => {
      submitted++;
      e.preventDefault();
    });
    await dropFiles(el, [videoFile()]);
    expect(el.validity!.customError).to.equal(true);
    expect(el.validationMessage).to.equal('Wait until the uploads have finished.');
    expect(el.willValidate).to.equal(true);
    form.requestSubmit();
    expect(submitted, 'blocked by validity').to.equal(0);
    await untilStatus(el, 'succeeded');
    form.requestSubmit();
    expect(submitted).to.equal(1);
  });

  describe('in step with the events, not a frame behind', () => {
    it('holds a form back in the same task as the files are added', async () => {
      const { form, el } = await formWithUploader();
      el.addFiles([videoFile()]);
      expect(form.checkValidity(), 'uploads in flight').to.equal(false);
    });

    it('holds the new upload when wistia-upload-success is told', async () => {
      const { form, el } = await formWithUploader();
      let seen: FormDataEntryValue[] = [];
      el.addEventListener('wistia-upload-success', () => (seen = new FormData(form).getAll('videos')), { once: true });
      el.addFiles([videoFile()]);
      await untilStatus(el, 'succeeded');
      expect(seen).to.deep.equal([el.items[0].media!.hashed_id]);
    });

    it('lets a listener of wistia-queue-complete submit the form', async () => {
      const { form, el } = await formWithUploader('required');
      let submitted = 0;
      form.addEventListener('submit', (e) => {
        submitted++;
        e.preventDefault();
      });
      el.addEventListener('wistia-queue-complete', () => form.requestSubmit(), { once: true });
      el.addFiles([videoFile()]);
      await waitUntil(() => submitted > 0, 'submitted from the queue-complete listener', { timeout: 10000 });
      expect(submitted).to.equal(1);
    });

    it('lets it submit after the last upload is cancelled too', async () => {
      const { form, el } = await formWithUploader();
      await standin.script('upload', [{ delayMs: 5000 }]);
      let submitted = 0;
      form.addEventListener('submit', (e) => {
        submitted++;
        e.preventDefault();
      });
      el.addEventListener('wistia-queue-complete', () => form.requestSubmit(), { once: true });
      const [item] = el.addFiles([videoFile()]);
      await settled(el);
      expect(form.checkValidity(), 'uploads in flight').to.equal(false);
      el.cancel(item.id);
      expect(submitted).to.equal(1);
    });
  });

  // The contract: form validity does not wait for `wait-for-ready`.
  it('counts an upload Wistia is still processing: in the form data, and enough for required', async () => {
    await standin.config({ processingMs: { queued: 60_000, processing: 60_000 } });
    const { form, el } = await formWithUploader('required wait-for-ready');
    el.addFiles([videoFile()]);
    await untilStatus(el, 'processing');
    expect(el.validity!.valid).to.equal(true);
    expect(new FormData(form).getAll('videos')).to.deep.equal([el.items[0].media!.hashed_id]);
  });

  it('reportValidity points at the picker button', async () => {
    const { el } = await formWithUploader('required');
    expect(el.reportValidity()).to.equal(false);
    expect(el.shadowRoot!.activeElement === part(el, 'button')).to.equal(true);
  });

  it('form reset clears the list and cancels what runs', async () => {
    const { form, el } = await formWithUploader();
    await standin.script('upload', [{ pass: true }, { stall: true }]);
    el.concurrency = 1;
    el.addFiles([videoFile('a.mp4'), videoFile('b.mp4')]);
    await untilStatus(el, 'succeeded');
    await untilStatus(el, 'uploading');
    const cancelled: string[] = [];
    el.addEventListener('wistia-upload-cancel', (e) => cancelled.push(e.detail.item.name));
    form.reset();
    await settled(el);
    expect(el.items).to.deep.equal([]);
    expect(cancelled).to.deep.equal(['b.mp4']);
    expect(el.shadowRoot!.querySelector('[part~=list]')).to.equal(null);
    expect(new FormData(form).getAll('videos')).to.deep.equal([]);
  });

  it('a disabled fieldset disables the element without touching its own disabled attribute', async () => {
    const { form, el } = await formWithUploader('required');
    const fieldset = form.querySelector('fieldset')!;
    fieldset.disabled = true;
    await settled(el);
    expect((part(el, 'button') as HTMLButtonElement).disabled).to.equal(true);
    expect(el.hasAttribute('disabled')).to.equal(false);
    expect(el.willValidate, 'disabled controls are not validated').to.equal(false);
    await dropFiles(el, [videoFile()]);
    expect(el.items).to.have.length(0);
    fieldset.disabled = false;
    await settled(el);
    expect((part(el, 'button') as HTMLButtonElement).disabled).to.equal(false);
  });
});
