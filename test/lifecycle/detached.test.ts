import { expect } from '@open-wc/testing';
import { EventName } from '../../src/wistia-uploader.js';
import { standin } from '../helpers/standin.js';
import { createElement, leavingAsks, listen, seededFile, shownText, usePageHost } from './support.js';

const MB = 1024 * 1024;

/**
 * Documented behaviour: the element's uploads belong to the element, not to its place on the page. Taken out of the
 * document, it keeps uploading and its events still reach listeners on it; only the leave-page warning stops, as the
 * element is no longer on the page. Put back (anywhere), it shows the list as it now stands.
 */
describe('lifecycle: an element taken out of the page, put back, or moved while uploading', () => {
  // Read slowly, so the uploads are still running while the test moves the element. Two answers: which of two
  // uploads reaches the stand-in first differs between engines.
  const host = usePageHost([{ slowReadMs: 10 }, { slowReadMs: 10 }]);

  it('keeps uploading when removed: one success reaches its listeners, and the stand-in got the file once', async () => {
    const el = createElement();
    host().append(el);
    const events = listen(el);
    el.addFiles([seededFile(1, 4 * MB)]);
    await events.until(EventName.uploadProgress);
    expect(leavingAsks(), 'warns while uploading on the page').to.equal(true);
    el.remove();
    expect(leavingAsks(), 'no warning from an element that left the page').to.equal(false);
    await events.until(EventName.uploadSuccess);
    expect(events.terminal().map((e) => e.type)).to.deep.equal([EventName.uploadSuccess]);
    expect(Object.values((await standin.log()).successesBySha256)).to.deep.equal([1]);
  });

  it('shows the finished upload when put back, and warns again if it is put back mid-upload', async () => {
    const el = createElement();
    host().append(el);
    const events = listen(el);
    el.addFiles([seededFile(2, 4 * MB)]);
    await events.until(EventName.uploadProgress);
    el.remove();
    host().append(el);
    expect(leavingAsks()).to.equal(true);
    await events.until(EventName.uploadSuccess);
    await el.updateComplete;
    expect(el.items.map((i) => i.status)).to.deep.equal(['succeeded']);
    expect(shownText(el)).to.contain('clip-2.mp4');
    expect(el.hasAttribute('uploading')).to.equal(false);
    expect(leavingAsks()).to.equal(false);
  });

  it('moved to another place mid-upload, it ends with exactly one terminal event and renders there', async () => {
    const elsewhere = document.createElement('section');
    host().append(elsewhere);
    const el = createElement();
    host().append(el);
    const events = listen(el);
    const bubbled = listen(elsewhere);
    el.addFiles([seededFile(3, 4 * MB), seededFile(4, 64 * 1024)]);
    await events.until(EventName.uploadProgress);
    elsewhere.append(el);
    await events.until(EventName.queueComplete);
    await el.updateComplete;
    expect(events.terminal().map((e) => e.type)).to.deep.equal([EventName.uploadSuccess, EventName.uploadSuccess]);
    expect(new Set(events.terminal().map((e) => e.id)).size).to.equal(2);
    // Events fired after the move bubble through the new ancestors.
    expect(bubbled.terminal().length).to.be.greaterThan(0);
    expect(el.parentElement).to.equal(elsewhere);
    expect(el.shadowRoot!.querySelectorAll('[data-id]')).to.have.length(2);
    expect(Object.values((await standin.log()).successesBySha256)).to.deep.equal([1, 1]);
  });
});
