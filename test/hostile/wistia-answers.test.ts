import { expect } from '@open-wc/testing';
import { createUploader, EventName, type Uploader, type UploadError } from '../../src/core/index.js';
import { makeFile, next, record } from '../helpers/core-fixtures.js';
import { standin, STANDIN, type ScriptedAnswer } from '../helpers/standin.js';

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

/** Answers to an upload that no retry can mend, and the error each must end in after exactly one request. */
const FINAL: [string, ScriptedAnswer, Partial<UploadError>][] = [
  [
    'a captive-portal page with 200',
    { status: 200, body: '<!doctype html><h1>Hotel Wi-Fi</h1>', contentType: HTML },
    { code: 'invalid_response' },
  ],
  [
    'truncated media JSON',
    { status: 200, body: '{"id":1,"hashed_id":"abc12', contentType: JSON_TYPE },
    { code: 'invalid_response' },
  ],
  ['an empty 200', { status: 200, body: '' }, { code: 'invalid_response' }],
  ['a 200 with an error body', { status: 200, body: { error: 'Something went wrong' } }, { code: 'invalid_response' }],
  ['a 200 with a numeric hashed_id', { status: 200, body: { id: 1, hashed_id: 12345 } }, { code: 'invalid_response' }],
  ['a 200 with JSON null', { status: 200, body: 'null', contentType: JSON_TYPE }, { code: 'invalid_response' }],
  [
    'a 400 HTML page',
    { status: 400, body: '<html><body>Bad Request</body></html>', contentType: HTML },
    { code: 'wistia_rejected', status: 400 },
  ],
  [
    'a 413 from a proxy',
    { status: 413, body: '<html>Request Entity Too Large</html>', contentType: HTML },
    { code: 'wistia_rejected', status: 413 },
  ],
  [
    'a 400 with a 20 KB reason',
    { status: 400, body: { error: { message: `Invalid: ${'y'.repeat(20_000)}` } } },
    { code: 'wistia_rejected', status: 400 },
  ],
];

describe('hostile Wistia answers', () => {
  let uploader: Uploader;
  const uploads = async () => (await standin.log()).requests.filter((r: { route: string }) => r.route === 'upload');
  beforeEach(() => standin.reset());
  afterEach(() => uploader?.dispose());

  for (const [label, answer, expected] of FINAL) {
    it(`fails on ${label} after one request, with a readable message`, async () => {
      await standin.script('upload', [answer]);
      uploader = createUploader({ ...STANDIN, retries: 3 });
      const events = record(uploader);
      uploader.add([makeFile()]);
      const { error } = await next(uploader, EventName.uploadError);
      expect(error).to.include({ ...expected, retryable: false });
      expect(error.message).to.match(/^[A-Z][^<>]{10,500}$/s);
      expect(
        events.filter((e) => e.type === EventName.uploadRetry || e.type === EventName.uploadSuccess),
      ).to.have.length(0);
      expect(await uploads()).to.have.length(1);
    });
  }

  it('retries an HTML 502 without showing the page, then gives up after `retries`', async () => {
    const page = { status: 502, body: '<html><title>502 Bad Gateway</title></html>', contentType: HTML };
    await standin.script('upload', [page, { ...page, retryAfter: 0 }]);
    uploader = createUploader({ ...STANDIN, retries: 1 });
    uploader.add([makeFile()]);
    const { error } = await next(uploader, EventName.uploadError);
    expect(error).to.include({ code: 'server', status: 502, retryable: true });
    expect(error.message).not.to.contain('<');
    expect(await uploads()).to.have.length(2);
  });

  it('honours a Retry-After of a day, and a cancel during the wait sends nothing more', async () => {
    await standin.script('upload', [{ status: 429, retryAfter: 86_400 }]);
    uploader = createUploader({ ...STANDIN });
    const [item] = uploader.add([makeFile()]);
    const retry = await next(uploader, EventName.uploadRetry);
    expect(retry.delayMs).to.equal(86_400_000);
    uploader.cancel(item.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uploader.items[0].status).to.equal('cancelled');
    expect(await uploads()).to.have.length(1);
  });
});
