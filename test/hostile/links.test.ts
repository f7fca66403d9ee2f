import { expect } from '@open-wc/testing';
import { createUploader, EventName, type Uploader } from '../../src/core/index.js';
import { next, record, settled } from '../helpers/core-fixtures.js';
import { standin, STANDIN } from '../helpers/standin.js';

/** Links refused before any request, with the code each must get. */
const REFUSED: [string, 'insecure_url' | 'invalid_url'][] = [
  ['javascript:alert(document.cookie)//clip.mp4', 'insecure_url'],
  ['JaVaScRiPt:alert(1)//clip.mp4', 'insecure_url'],
  ['\u0000 javascript:alert(1)//clip.mp4', 'insecure_url'],
  ['data:video/mp4;base64,AAAAIGZ0eXBpc29t', 'insecure_url'],
  ['file:///C:/Users/me/Videos/clip.mp4', 'insecure_url'],
  ['blob:https://example.com/0c5b3d2a-clip.mp4', 'insecure_url'],
  ['https://user:secret@videos.example.com/clip.mp4', 'insecure_url'],
  ['https://:secret@videos.example.com/clip.mp4', 'insecure_url'],
  ['https://videos.example.com/clip.mp4/', 'invalid_url'],
  ['https://videos.example.com/clip.html?file=clip.mp4', 'invalid_url'],
  ['https://exa mple.com/clip.mp4', 'invalid_url'],
  ['   \t\n  ', 'invalid_url'],
  ['<script>alert(1)</script>.mp4', 'invalid_url'],
  ['s3://Bad_Bucket/clip.mp4', 'invalid_url'],
];

/** Links accepted, and the exact URL Wistia must be asked to fetch. */
const ACCEPTED: [string, string][] = [
  ['https://bücher.example/filme/Ölfilm.mp4', 'https://xn--bcher-kva.example/filme/%C3%96lfilm.mp4'],
  ['  \n https://videos.example.com/clip.mp4 \t ', 'https://videos.example.com/clip.mp4'],
  ['https://videos.example.com/my clip.mov', 'https://videos.example.com/my%20clip.mov'],
  [
    `https://videos.example.com/clip.mp4?sig=${'x'.repeat(60_000)}`,
    `https://videos.example.com/clip.mp4?sig=${'x'.repeat(60_000)}`,
  ],
];

describe('hostile links', () => {
  let uploader: Uploader;
  beforeEach(() => standin.reset());
  afterEach(() => uploader?.dispose());

  it('refuses each dangerous or malformed link with its own code, a readable reason and no request at all', async () => {
    uploader = createUploader({ ...STANDIN });
    const rejects = record(uploader);
    for (const [link, code] of REFUSED) {
      const item = uploader.addUrl(link);
      expect(item.status, link).to.equal('rejected');
      expect(item.error?.code, link).to.equal(code);
      expect(item.error?.message, link).to.match(/^[A-Z].{10,}\.$/);
    }
    expect(rejects.filter((e) => e.type === EventName.fileReject)).to.have.length(REFUSED.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await standin.log()).requests).to.deep.equal([]);
  });

  it('asks Wistia to fetch IDN, padded, spaced and very long links in their exact canonical form, once each', async () => {
    uploader = createUploader({ ...STANDIN, concurrency: 1 });
    const events = record(uploader);
    for (const [link] of ACCEPTED) expect(uploader.addUrl(link).status, link.slice(0, 80)).to.equal('queued');
    const done = await settled(uploader);
    expect(done.succeeded).to.have.length(ACCEPTED.length);
    expect(events.filter((e) => e.type === EventName.uploadRetry)).to.have.length(0);
    const log = await standin.log();
    const sent = log.requests
      .filter((r: { route: string }) => r.route === 'upload')
      .map((r: { fields: { url: string } }) => r.fields.url);
    expect(sent).to.deep.equal(ACCEPTED.map(([, url]) => url));
    expect(log.tokenRequests).to.equal(1);
  });

  it('sends no token to an S3 copy endpoint that is not https', async () => {
    uploader = createUploader({ ...STANDIN, s3CopyUrl: 'http://upload.example.com/s3_copy' });
    uploader.addUrl('s3://my-bucket/clip.mp4');
    const { error } = await next(uploader, EventName.uploadError);
    expect(error.code).to.equal('insecure_url');
    expect((await standin.log()).requests).to.deep.equal([]);
  });
});
