import { expect, oneEvent } from '@open-wc/testing';
import { dropFiles, mountUploader, standin, videoFile, screenshot } from './support.js';

describe('smoke', () => {
  beforeEach(() => standin.reset());
  it('uploads a dropped file', async () => {
    const el = await mountUploader();
    const success = oneEvent(el, 'wistia-upload-success');
    await dropFiles(el, [videoFile()]);
    const event = await success;
    expect(event.detail.media.hashed_id).to.be.a('string');
    await el.updateComplete;
    await screenshot(el, 'smoke');
  });
});
