/** The summary line over several uploads, and the local first-frame previews of video files. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { executeServerCommand } from '@web/test-runner-commands';
import { $, axeViolations, mountUploader, part, row, settled, standin, untilStatus, videoFile } from './support.js';
import { waitUntil } from '../helpers/wait.js';

/** A short real video recorded from a red canvas, or undefined where this browser cannot record one. */
async function redVideo(): Promise<File | undefined> {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const context = canvas.getContext('2d')!;
  const paint = () => {
    context.fillStyle = 'rgb(220, 0, 0)';
    context.fillRect(0, 0, 64, 36);
  };
  paint();
  const type = ['video/webm', 'video/mp4'].find((t) => globalThis.MediaRecorder?.isTypeSupported(t));
  if (!type || !canvas.captureStream) return undefined;
  const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: type });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((done) => (recorder.onstop = done));
  recorder.start();
  // Frames keep coming while it records; how many does not matter, one is enough.
  for (let i = 0; i < 6; i++) {
    paint();
    await new Promise((next) => setTimeout(next, 50));
  }
  recorder.stop();
  await stopped;
  return new File(chunks, `red.${type.split('/')[1]}`, { type });
}

describe('summary line', () => {
  beforeEach(() => standin.reset());

  it('is shown from two items on: done of how many, failures, and an overall bar', async () => {
    const el = await mountUploader({ multiple: true, retries: '0' });
    await standin.script('upload', [{ pass: true }]);
    el.addFiles([videoFile('one.mp4')]);
    await untilStatus(el, 'succeeded');
    expect($(el, '[part~=summary]'), 'one item needs no summary').to.equal(null);
    await standin.script('upload', [{ pass: true }, { status: 500 }]);
    el.addFiles([videoFile('two.mp4')]);
    await untilStatus(el, 'succeeded', 2);
    el.addFiles([videoFile('three.mp4')]);
    await untilStatus(el, 'failed');
    const summary = part(el, 'summary');
    expect(summary.textContent!.replace(/\s+/g, ' ').trim()).to.equal('2 of 3 uploaded · 1 failed');
    const bar = summary.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('66');
    expect(bar.getAttribute('aria-label')).to.equal('Overall progress');
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('counts the bytes left while files wait, and leaves cancelled ones out', async () => {
    const el = await mountUploader({ multiple: true, manual: true });
    const [, , dropped] = el.addFiles([
      videoFile('a.mp4', 1_500_000),
      videoFile('b.mp4', 700_000),
      videoFile('c.mp4', 9_000_000),
    ]);
    el.cancel(dropped.id);
    await settled(el);
    expect(part(el, 'summary').textContent!.replace(/\s+/g, ' ').trim()).to.equal('0 of 2 uploaded · 2.2 MB left');
  });
});

/** WebKit's test browser runs with video playback off (test/helpers/engines.mjs says why). */
const videoPlayback = document.createElement('video') instanceof HTMLVideoElement;

/** Skips a test that needs a browser with video playback, saying so in the run's summary. */
async function needsVideoPlayback(test: Mocha.Context) {
  if (videoPlayback) return;
  await executeServerCommand('engine-limited', {
    title: test.test!.fullTitle(),
    engines: ['chromium', 'firefox'],
    reason: "needs video playback, which WebKit's test browser runs without",
  });
  test.skip();
}

describe('local previews of video files', () => {
  beforeEach(() => standin.reset());
  afterEach(() => sinon.restore());

  it('are not tried in a browser without video playback: no object URL, the generic icon', async function () {
    if (videoPlayback) {
      await executeServerCommand('engine-limited', {
        title: this.test!.fullTitle(),
        engines: ['webkit'],
        reason: "needs a browser with video playback off, as WebKit's test browser runs",
      });
      this.skip();
    }
    const created = sinon.spy(URL, 'createObjectURL');
    const el = await mountUploader({ manual: true, multiple: true });
    const items = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4')]);
    await settled(el);
    expect(created.callCount).to.equal(0);
    for (const item of items) expect(row(el, item.id)!.querySelector('.placeholder')).to.not.equal(null);
  });

  it("shows a video's first frame, decoded from the file, and lets go of its object URL", async function () {
    const file = await redVideo();
    if (!file) {
      const reason = 'the test video is recorded with MediaRecorder, which this WebKitGTK build lacks';
      await executeServerCommand('engine-limited', {
        title: this.test!.fullTitle(),
        engines: ['chromium', 'firefox'],
        reason,
      });
      this.skip();
    }
    const created = sinon.spy(URL, 'createObjectURL');
    const revoked = sinon.spy(URL, 'revokeObjectURL');
    const el = await mountUploader({ manual: true });
    const [item] = el.addFiles([file!]);
    await waitUntil(() => row(el, item.id)?.querySelector('canvas[part~=thumbnail]'), 'a preview drawn');
    const frame = row(el, item.id)!.querySelector('canvas')!;
    const [r, g, b] = frame.getContext('2d')!.getImageData(80, 45, 1, 1).data;
    expect(r, `red, not ${[r, g, b]}`).to.be.above(150);
    expect(g).to.be.below(80);
    expect(created.callCount).to.equal(1);
    expect(revoked.calledWith(created.firstCall.returnValue)).to.equal(true);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('keeps the generic icon for a file the browser cannot decode', async function () {
    await needsVideoPlayback(this);
    const revoked = sinon.spy(URL, 'revokeObjectURL');
    const el = await mountUploader({ manual: true });
    const [item] = el.addFiles([videoFile('not-really-a-video.mp4')]);
    await waitUntil(() => revoked.callCount === 1, 'the preview given up');
    await settled(el);
    expect(row(el, item.id)!.querySelector('.placeholder')).to.not.equal(null);
    expect(row(el, item.id)!.querySelector('canvas')).to.equal(null);
  });

  it('adds 1,000 files without decoding any on the way, then makes previews a few at a time', async function () {
    await needsVideoPlayback(this);
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    let live = 0;
    let most = 0;
    const created = sinon.stub(URL, 'createObjectURL').callsFake((blob) => {
      most = Math.max(most, ++live);
      return create(blob);
    });
    const revoked = sinon.stub(URL, 'revokeObjectURL').callsFake((url) => {
      live--;
      revoke(url);
    });
    const el = await mountUploader({ manual: true, multiple: true });
    el.addFiles(Array.from({ length: 1000 }, (_, i) => videoFile(`take-${i}.mp4`, 10)));
    expect(created.callCount, 'nothing decoded while adding').to.equal(0);
    await settled(el);
    expect(created.callCount, 'nor while drawing the rows').to.equal(0);
    // These are not videos: each is given up (at once, or after a while in WebKit), and the next one starts.
    await waitUntil(() => revoked.callCount >= 4, 'previews tried one pair after another', { timeout: 40_000 });
    expect(most, 'at most two decoding at once').to.be.at.most(2);
    el.clear();
    for (const item of el.items) el.remove(item.id);
    await waitUntil(() => created.callCount === revoked.callCount, 'every URL let go once the rows went');
  });

  it('makes no preview for a row removed before its turn, and lets go of every URL it made', async function () {
    await needsVideoPlayback(this);
    const revoked = sinon.spy(URL, 'revokeObjectURL');
    const created = sinon.spy(URL, 'createObjectURL');
    const el = await mountUploader({ manual: true, multiple: true });
    const [, gone] = el.addFiles([videoFile('a.mp4'), videoFile('b.mp4'), videoFile('c.mp4')]);
    el.remove(gone.id);
    await waitUntil(() => revoked.callCount === 2, 'the two rows left tried');
    await settled(el);
    expect(created.callCount).to.equal(2);
    expect(created.returnValues.every((url) => revoked.calledWith(url))).to.equal(true);
  });
});
