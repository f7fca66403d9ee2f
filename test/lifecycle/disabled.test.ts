import { expect } from '@open-wc/testing';
import { EventName } from '../../src/wistia-uploader.js';
import { standin } from '../helpers/standin.js';
import { createElement, drop, listen, seededFile, usePageHost } from './support.js';

const MB = 1024 * 1024;

/** Documented behaviour: `disabled` stops new input, not the uploads already running. */
describe('lifecycle: disabled toggled mid-upload', () => {
  const host = usePageHost([{ slowReadMs: 10 }]);

  it('lets the running upload finish, refuses drops while disabled, and takes them again once enabled', async () => {
    const el = createElement();
    host().append(el);
    const events = listen(el);
    el.addFiles([seededFile(1, 4 * MB)]);
    await events.until(EventName.uploadProgress);

    el.disabled = true;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(true);
    drop(el, [seededFile(2)]);
    expect(el.items).to.have.length(1);
    for (const name of ['button', 'url-input', 'url-button']) {
      expect(el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="${name}"]`)!.disabled, name).to.equal(true);
    }

    await events.until(EventName.uploadSuccess);
    el.disabled = false;
    await el.updateComplete;
    drop(el, [seededFile(3)]);
    await events.until(EventName.uploadSuccess, 2);
    expect(events.terminal().map((e) => e.type)).to.deep.equal([EventName.uploadSuccess, EventName.uploadSuccess]);
    expect(Object.keys((await standin.log()).successesBySha256)).to.have.length(2);
  });

  it('still honours cancel() from the page while disabled', async () => {
    const el = createElement();
    host().append(el);
    const events = listen(el);
    const [item] = el.addFiles([seededFile(4, 4 * MB)]);
    await events.until(EventName.uploadProgress);
    el.disabled = true;
    el.cancel(item.id);
    await events.until(EventName.queueComplete);
    expect(events.terminal().map((e) => e.type)).to.deep.equal([EventName.uploadCancel]);
    expect((await standin.log()).successesBySha256).to.deep.equal({});
  });
});
