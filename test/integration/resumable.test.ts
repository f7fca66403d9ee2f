import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import { createUploader, EventName, type Uploader } from '../../src/core/index.js';
import { CHUNK_BYTES } from '../../src/core/runtime.js';
import '../../src/wistia-uploader.js';
import { makeFile, record, settled } from '../helpers/core-fixtures.js';
import { sha256 } from '../helpers/standin.js';
import { PATIENCE_MS, waitUntil } from '../helpers/wait.js';

// The real relay (tus on @tus/server) on another origin, behind a line that can be cut: test/integration/resumable-relay.mjs.
const MiB = 1024 * 1024;
const TOKEN_URL = '/tus-relay/token';

/** A fresh line to the relay, cut once after `cutAt` bytes; returns the `upload-url` that reaches the relay on it. */
async function line(cutAt: number[] = []): Promise<string> {
  const res = await fetch('/tus-relay/line', { method: 'POST', body: JSON.stringify({ cutAt }) });
  return ((await res.json()) as { uploadUrl: string }).uploadUrl;
}

/** What Wistia (the stand-in behind the relay) received, and how often the line was cut. */
async function received(): Promise<{ media: { bytes: number; sha256: string }[]; cuts: number }> {
  return (await fetch('/tus-relay/received')).json();
}

/** This origin's remembered uploads, so each test starts as a first visit. */
function forgetUploads(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('wistia-uploader:tus:')) localStorage.removeItem(key);
}

describe('resumable uploads through the real relay (tus, real XHR, another origin)', () => {
  let uploader: Uploader | undefined;
  beforeEach(forgetUploads);
  afterEach(() => {
    uploader?.dispose();
    forgetUploads();
    sinon.restore();
  });

  it('an upload cut mid-way goes on from what the relay holds and ends with one media of the right size', async () => {
    const file = makeFile('cut-line.mp4', 2 * CHUNK_BYTES + 3 * MiB);
    // Cut in the middle of the second chunk.
    const cutAt = CHUNK_BYTES + 2 * MiB;
    const uploadUrl = await line([cutAt]);
    uploader = createUploader({ tokenUrl: TOKEN_URL, uploadUrl, resumable: true });
    // Every chunk the page hands to the browser (a browser's own re-send of a cut request is below this, and the
    // relay refuses it with 409 before reading it).
    const handed: number[] = [];
    const send = sinon.stub(XMLHttpRequest.prototype, 'send').callsFake(function (this: XMLHttpRequest, body) {
      if (body instanceof Blob) handed.push(body.size);
      return send.wrappedMethod.call(this, body);
    });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    send.restore();
    expect(uploader.items[0]!.status, JSON.stringify(uploader.items[0]!.error)).to.equal('succeeded');
    const got = await received();
    expect(got.cuts).to.equal(1);
    expect(got.media).to.deep.equal([{ bytes: file.size, sha256: await sha256(file) }]);
    const sent = handed.reduce((sum, bytes) => sum + bytes, 0);
    expect(sent, 'bytes sent again after one cut: at most one chunk').to.be.within(file.size, file.size + CHUNK_BYTES);
    // The engine asked HEAD and went on from the bytes that crossed before the cut (the first chunk at least); a
    // browser that re-sent the cut request on its own (Chromium does) was answered 409 and asked HEAD too.
    const resumes = events.filter((e) => e.type === EventName.uploadResume).map((e) => e.detail.offset as number);
    expect(resumes.length).to.be.at.least(1);
    for (const offset of resumes) expect(offset).to.be.within(CHUNK_BYTES, cutAt);
  });

  it('a new element given the same file after a reload goes on where the last page stopped', async () => {
    const file = makeFile('reload.mp4', 2 * CHUNK_BYTES + 3 * MiB);
    const cutAt = CHUNK_BYTES + 2 * MiB;
    const uploadUrl = await line([cutAt]);
    // The first page is left (reloaded) at the first sign of the cut, before it can go on itself.
    const first = createUploader({ tokenUrl: TOKEN_URL, uploadUrl, resumable: true });
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      first.dispose();
    };
    first.addEventListener(EventName.uploadRetry, leave);
    first.addEventListener(EventName.uploadResume, leave);
    first.add([file]);
    // Ten megabytes go through the relay (and its early Wistia leg) before the cut: more than one step's patience.
    await waitUntil(() => gone, 'the first page never saw its line cut', { timeout: 3 * PATIENCE_MS });

    const el = await fixture<HTMLElementTagNameMap['wistia-uploader']>(
      html`<wistia-uploader resumable token-url=${TOKEN_URL} upload-url=${uploadUrl}></wistia-uploader>`,
    );
    const resumed = oneEvent(el, EventName.uploadResume);
    const succeeded = oneEvent(el, EventName.uploadSuccess);
    el.addFiles([file]);
    const { offset, item } = (await resumed).detail;
    expect(offset).to.be.within(CHUNK_BYTES, cutAt);
    expect(item.name).to.equal('reload.mp4');
    await succeeded;
    const got = await received();
    expect(got.media).to.deep.equal([{ bytes: file.size, sha256: await sha256(file) }]);
    expect(Object.keys(localStorage).filter((key) => key.startsWith('wistia-uploader:tus:'))).to.deep.equal([]);
  });
});
