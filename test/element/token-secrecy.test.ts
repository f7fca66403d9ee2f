import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import sinon from 'sinon';
import { settled, mountUploader, ofType, recordEvents, standin, videoFile } from './support.js';

describe('the upload token', () => {
  beforeEach(() => standin.reset());
  afterEach(() => sinon.restore());

  it('never reaches the DOM, attributes, events, items or the console', async () => {
    const consoleCalls: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      sinon.stub(console, method).callsFake((...args: unknown[]) => void consoleCalls.push(args));
    }
    await standin.config({ processingMs: { queued: 0, processing: 0 } });
    const el = await mountUploader({ 'wait-for-ready': true, multiple: true, retries: '0' });
    const tokens: string[] = [];
    el.getToken = async () => {
      const res = await fetch('/wistia/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"project_id":null}',
      });
      const { token } = await res.json();
      tokens.push(token);
      return token;
    };
    const events = recordEvents(el);
    // One success, one refusal by Wistia, one 401 pair that ends unauthorized.
    await standin.script('upload', [
      { pass: true },
      { status: 400, body: { error: 'Refused.' } },
      { status: 401 },
      { status: 401 },
    ]);
    el.addFiles([videoFile('a.mp4')]);
    await waitUntil(() => ofType(events, 'wistia-media-ready').length === 1, 'ready', { timeout: 10000 });
    el.addFiles([videoFile('b.mp4')]);
    await waitUntil(() => ofType(events, 'wistia-upload-error').length === 1, 'refused');
    el.importUrl('https://cdn.example.com/c.mp4');
    await waitUntil(() => ofType(events, 'wistia-upload-error').length === 2, 'unauthorized');
    expect(ofType(events, 'wistia-upload-error')[1].detail.error.code).to.equal('unauthorized');
    await settled(el);

    expect(tokens.length).to.be.at.least(2);
    const seen = [
      el.outerHTML,
      el.shadowRoot!.innerHTML,
      el.shadowRoot!.textContent,
      ...[...el.shadowRoot!.querySelectorAll('*')].flatMap((node) => [...node.attributes].map((a) => a.value)),
      ...[...el.shadowRoot!.querySelectorAll('input')].map((input) => input.value),
      JSON.stringify(events.map((e) => e.detail)),
      JSON.stringify(el.items),
      JSON.stringify(consoleCalls),
    ].join('\n');
    for (const token of tokens) expect(seen.includes(token), 'token found').to.equal(false);
  });
});
