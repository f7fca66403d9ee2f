import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { createUploader, EventName, type Uploader, type UploaderOptions } from '../../src/core/index.js';
import type { ResumeStore, Runtime } from '../../src/core/runtime.js';
import { makeFile, record, settled, stubTokenEndpoint } from '../helpers/core-fixtures.js';
import { waitUntil } from '../helpers/wait.js';
import { mock, type MockRequest, type MockResponse } from '../helpers/xhr-mock.js';

const RELAY = 'https://relay.test/upload/';
const FILES = `${RELAY}files/`;
const CHUNK = 1000;
const media = { id: 7, hashed_id: 'abc123hash', name: 'clip', type: 'Video', created: 'c', updated: 'u' };

/** What the fake relay saw of one request. */
interface Seen {
  method: string;
  url: string;
  auth: string | null;
  offset?: number;
  bytes: number;
  headers: Record<string, string>;
}

/** What a test makes of one request before the relay handles it: a status, a dropped connection, or nothing. */
type Fault = (seen: Seen) => number | 'network' | undefined;

/**
 * A tus 1.0 relay in memory, as SPEC'd for the element's side: creation, offsets, `409` at a stale offset, the
 * final `PATCH` answered with Wistia's answer, which an empty `PATCH` at the final offset asks for again.
 */
class FakeRelay {
  readonly seen: Seen[] = [];
  readonly uploads = new Map<string, { length: number; offset: number; metadata: string; answered: boolean }>();
  faults: Fault[] = [];
  /** Set: the relay holds the bytes but the final answer is lost on the way. */
  loseFinalAnswer = false;
  finalStatus = 200;
  #next = 0;

  constructor() {
    mock.use((req, res) => this.#handle(req, res));
  }

  get patches(): Seen[] {
    return this.seen.filter((s) => s.method === 'PATCH');
  }

  #handle(req: MockRequest, res: MockResponse): MockResponse | Promise<MockResponse> | undefined {
    if (!req.url().toString().startsWith(FILES)) return undefined;
    const body = req.body() as Blob | null;
    const headers = req.headers();
    const seen: Seen = {
      method: req.method(),
      url: req.url().toString(),
      auth: req.header('Authorization'),
      bytes: body instanceof Blob ? body.size : 0,
      headers,
      ...(headers['upload-offset'] !== undefined && { offset: Number(headers['upload-offset']) }),
    };
    this.seen.push(seen);
    for (const fault of this.faults) {
      const made = fault(seen);
      if (made === 'network') return Promise.reject(new Error('cut'));
      if (made !== undefined) return res.status(made);
    }
    if (seen.method === 'POST') {
      const id = `${FILES}u${++this.#next}`;
      const length = Number(headers['upload-length']);
      this.uploads.set(id, { length, offset: 0, metadata: headers['upload-metadata'] ?? '', answered: false });
      return res.status(201).header('Location', `u${this.#next}`);
    }
    const upload = this.uploads.get(seen.url);
    if (!upload) return res.status(404);
    if (seen.method === 'DELETE') {
      this.uploads.delete(seen.url);
      return res.status(204);
    }
    if (seen.method === 'HEAD')
      return res.status(200).header('Upload-Offset', String(upload.offset)).header('Upload-Length', `${upload.length}`);
    if (seen.offset !== upload.offset) return res.status(409);
    upload.offset += seen.bytes;
    if (upload.offset < upload.length) return res.status(204).header('Upload-Offset', String(upload.offset));
    if (this.loseFinalAnswer && !upload.answered) {
      upload.answered = true;
      return Promise.reject(new Error('final answer lost'));
    }
    upload.answered = true;
    if (this.finalStatus !== 200)
      return res
        .status(this.finalStatus)
        .header('Content-Type', 'application/json')
        .body('{"error":"Video limit reached"}');
    return res
      .status(200)
      .header('Content-Type', 'application/json')
      .header('Upload-Relay-Ref', 'ref-1')
      .header('Upload-Offset', String(upload.offset))
      .body(JSON.stringify(media));
  }
}

/** localStorage as the engine sees it, without the page's own. */
class MemoryStore implements ResumeStore {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

/** Back-offs (at most 30 s) fire at once; the 10-minute answer limit keeps its time. */
const hurriedClock: Runtime['clock'] = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms <= 30_000 ? 0 : ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const decodeMetadata = (header: string) =>
  Object.fromEntries(
    header.split(',').map((pair) => {
      const [key, value] = pair.split(' ');
      const bytes = Uint8Array.from(atob(value!), (c) => c.charCodeAt(0));
      return [key, new TextDecoder().decode(bytes)];
    }),
  );

describe('resumable uploads (tus)', () => {
  let relay: FakeRelay;
  let store: MemoryStore;
  let tokens: ReturnType<typeof stubTokenEndpoint>;
  let uploader: Uploader;
  const file = makeFile('talk.mp4', 3500);

  const make = (options: UploaderOptions = {}) =>
    (uploader = createUploader(
      { tokenUrl: '/token', uploadUrl: RELAY, resumable: true, stallTimeout: 0, ...options },
      { storage: store, chunkBytes: CHUNK, clock: hurriedClock },
    ));

  beforeEach(() => {
    mock.setup();
    mock.error(() => {});
    relay = new FakeRelay();
    store = new MemoryStore();
    tokens = stubTokenEndpoint([{ body: { token: 'tok-1' } }, { body: { token: 'tok-2' } }]);
  });
  afterEach(() => {
    uploader?.dispose();
    mock.teardown();
    tokens.restore();
    sinon.restore();
  });

  it('creates the upload with its length and metadata, then sends it in chunks, the token only in Authorization', async () => {
    make({ projectId: 'proj1', description: 'Ça va', contactId: '42' });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    const [create, ...rest] = relay.seen;
    expect(create).to.include({ method: 'POST', url: FILES, auth: 'Bearer tok-1' });
    expect(create.headers['upload-length']).to.equal('3500');
    expect(create.headers['tus-resumable']).to.equal('1.0.0');
    expect(decodeMetadata(create.headers['upload-metadata']!)).to.deep.equal({
      filename: 'talk.mp4',
      filetype: 'video/mp4',
      project_id: 'proj1',
      name: 'talk.mp4',
      description: 'Ça va',
      contact_id: '42',
    });
    expect(rest.map((s) => [s.method, s.offset, s.bytes])).to.deep.equal([
      ['PATCH', 0, 1000],
      ['PATCH', 1000, 1000],
      ['PATCH', 2000, 1000],
      ['PATCH', 3000, 500],
    ]);
    for (const s of rest) {
      expect(s.url).to.equal(`${FILES}u1`);
      expect(s.auth).to.equal('Bearer tok-1');
      expect(s.headers['content-type']).to.equal('application/offset+octet-stream');
    }
    expect(relay.seen.every((s) => !s.url.includes('tok-'))).to.equal(true);
    const types = events.map((e) => e.type).filter((t) => t !== EventName.uploadProgress);
    expect(types).to.deep.equal([EventName.uploadStart, EventName.uploadSuccess, EventName.queueComplete]);
    expect(uploader.items[0]).to.include({ status: 'succeeded', loaded: 3500, attempts: 1 });
    expect(uploader.items[0].media).to.deep.equal(media);
    expect(store.map.size, 'forgotten once Wistia has it').to.equal(0);
  });

  it('after a dropped chunk asks HEAD and goes on from the offset, sending at most that chunk again', async () => {
    let cut = false;
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 2000 && !cut ? ((cut = true), 'network') : undefined)];
    make();
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    expect(relay.seen.map((s) => `${s.method} ${s.offset ?? ''}`.trim())).to.deep.equal([
      'POST',
      'PATCH 0',
      'PATCH 1000',
      'PATCH 2000',
      'HEAD',
      'PATCH 2000',
      'PATCH 3000',
    ]);
    const sent = relay.patches.reduce((sum, s) => sum + s.bytes, 0);
    expect(sent).to.be.at.most(3500 + CHUNK);
    const retry = events.find((e) => e.type === EventName.uploadRetry)!.detail;
    expect(retry.error.code).to.equal('network');
    const resume = events.find((e) => e.type === EventName.uploadResume)!.detail;
    expect(resume.offset).to.equal(2000);
    expect(resume.item.loaded).to.equal(2000);
    expect(uploader.items[0].status).to.equal('succeeded');
    expect(relay.uploads.size, 'one upload, one media').to.equal(1);
  });

  it('counts only failures without progress against retries', async () => {
    // Every chunk is cut once: four failures, each after progress, with one retry allowed.
    const cutAt = new Set<number>();
    relay.faults = [
      (s) => {
        if (s.method !== 'PATCH' || s.offset === 0 || cutAt.has(s.offset!)) return undefined;
        cutAt.add(s.offset!);
        return 'network';
      },
    ];
    make({ retries: 1 });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(3);
    expect(uploader.items[0].status).to.equal('succeeded');
  });

  it('fails once retries are spent by failures without progress', async () => {
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 1000 ? 500 : undefined)];
    make({ retries: 2 });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(2);
    expect(uploader.items[0].status).to.equal('failed');
    expect(uploader.items[0].error).to.include({ code: 'server', status: 500 });
    expect(
      relay.patches.filter((s) => s.offset === 0),
      'the first chunk is never sent again',
    ).to.have.length(1);
  });

  it('answers a 409 (a stale offset) by asking HEAD and going on, without a retry', async () => {
    let stale = false;
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 1000 && !stale ? ((stale = true), 409) : undefined)];
    make({ retries: 0 });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    expect(relay.seen.map((s) => s.method)).to.deep.equal([
      'POST',
      'PATCH',
      'PATCH',
      'HEAD',
      'PATCH',
      'PATCH',
      'PATCH',
    ]);
    expect(events.some((e) => e.type === EventName.uploadRetry)).to.equal(false);
    expect(uploader.items[0].status).to.equal('succeeded');
  });

  it('on a 401 fetches a fresh token and goes on from where the relay is', async () => {
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 2000 && s.auth === 'Bearer tok-1' ? 401 : undefined)];
    make();
    uploader.add([file]);
    await settled(uploader);
    expect(tokens.calls).to.have.length(2);
    expect(relay.seen.slice(3).map((s) => `${s.method} ${s.auth}`)).to.deep.equal([
      'PATCH Bearer tok-1',
      'HEAD Bearer tok-2',
      'PATCH Bearer tok-2',
      'PATCH Bearer tok-2',
    ]);
    expect(uploader.items[0].status).to.equal('succeeded');
  });

  it('asks for the kept answer with an empty PATCH when the final answer was lost: never succeeds without media', async () => {
    relay.loseFinalAnswer = true;
    make();
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    const tail = relay.seen.slice(-2);
    expect(tail.map((s) => [s.method, s.offset, s.bytes])).to.deep.equal([
      ['HEAD', undefined, 0],
      ['PATCH', 3500, 0],
    ]);
    const success = events.find((e) => e.type === EventName.uploadSuccess)!.detail;
    expect(success.media).to.deep.equal(media);
    expect(relay.patches.reduce((sum, s) => sum + s.bytes, 0)).to.equal(3500);
  });

  it('maps a refusal of the final PATCH as it maps Wistia’s', async () => {
    relay.finalStatus = 400;
    make();
    uploader.add([file]);
    await settled(uploader);
    expect(uploader.items[0].error).to.include({ code: 'wistia_rejected', message: 'Video limit reached' });
  });

  it('goes on after a reload: the same file added to a new uploader resumes from the offset the relay holds', async () => {
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 2000 ? 'network' : undefined)];
    make({ retries: 0, projectId: 'p1' });
    uploader.add([file]);
    await settled(uploader);
    expect(uploader.items[0].status).to.equal('failed');
    expect(store.map.size).to.equal(1);
    uploader.dispose();

    relay.faults = [];
    const sameFile = new File([file], file.name, { type: file.type, lastModified: file.lastModified });
    make({ projectId: 'p1' });
    const events = record(uploader);
    uploader.add([sameFile]);
    await settled(uploader);
    const resume = events.find((e) => e.type === EventName.uploadResume)!.detail;
    expect(resume.offset).to.equal(2000);
    expect(
      relay.seen.filter((s) => s.method === 'POST'),
      'no second upload',
    ).to.have.length(1);
    expect(uploader.items[0].status).to.equal('succeeded');
  });

  it('does not take up another project’s upload of the same file', async () => {
    relay.faults = [(s) => (s.method === 'PATCH' && s.offset === 1000 ? 'network' : undefined)];
    make({ retries: 0, projectId: 'p1' });
    uploader.add([file]);
    await settled(uploader);
    uploader.dispose();
    relay.faults = [];
    make({ projectId: 'p2' });
    const events = record(uploader);
    uploader.add([file]);
    await settled(uploader);
    expect(events.some((e) => e.type === EventName.uploadResume)).to.equal(false);
    expect(relay.seen.filter((s) => s.method === 'POST')).to.have.length(2);
  });

  it('starts over when HEAD says the upload expired, and forgets the old one', async () => {
    store.setItem(
      `wistia-uploader:tus:${JSON.stringify([FILES, '', file.name, file.size, file.lastModified])}`,
      `${FILES}expired`,
    );
    make();
    uploader.add([file]);
    await settled(uploader);
    expect(relay.seen.slice(0, 2).map((s) => `${s.method} ${s.url}`)).to.deep.equal([
      `HEAD ${FILES}expired`,
      `POST ${FILES}`,
    ]);
    expect(uploader.items[0].status).to.equal('succeeded');
    expect(store.map.size).to.equal(0);
  });

  it('terminates the upload at the relay on cancel', async () => {
    let cancelled = false;
    relay.faults = [
      (s) => {
        if (s.method === 'PATCH' && s.offset === 1000 && !cancelled) {
          cancelled = true;
          queueMicrotask(() => uploader.cancel());
        }
        return undefined;
      },
    ];
    make();
    uploader.add([file]);
    await settled(uploader);
    await waitUntil(() => relay.seen.some((s) => s.method === 'DELETE'), 'no DELETE reached the relay');
    const del = relay.seen.find((s) => s.method === 'DELETE')!;
    expect(del).to.include({ url: `${FILES}u1`, auth: 'Bearer tok-1' });
    expect(uploader.items[0].status).to.equal('cancelled');
    expect(store.map.size).to.equal(0);
  });

  it('leaves links and S3 copies as they were', async () => {
    mock.post(RELAY, (_req, res) =>
      res.status(200).header('Content-Type', 'application/json').body(JSON.stringify(media)),
    );
    make();
    uploader.addUrl('https://videos.test/a.mp4');
    await settled(uploader);
    expect(relay.seen.filter((s) => s.url.startsWith(FILES))).to.have.length(0);
    expect(uploader.items[0].status).to.equal('succeeded');
  });
});
