import { expect } from '@open-wc/testing';
import {
  classifyResponse,
  fileUploadBody,
  importBody,
  isMedia,
  mediaEmbedUrl,
  mediaStatusUrl,
  parseRetryAfter,
  wistiaErrorMessage,
} from '../../src/core/wistia-api.js';
import { makeFile } from '../helpers/core-fixtures.js';

const media = { id: 1, hashed_id: 'abc123defg', name: 'clip.mp4', type: 'Video', created: '', updated: '' };

describe('Wistia wire format', () => {
  it('puts optional fields first, in Wistia order, and the file last', () => {
    const body = fileUploadBody(makeFile(), { contactId: '7', description: 'd', name: 'n', projectId: 'p1' });
    expect([...body.keys()]).to.deep.equal(['project_id', 'name', 'description', 'contact_id', 'file']);
  });

  it('sends a field only when it is set', () => {
    const body = fileUploadBody(makeFile(), { name: 'n', description: '' });
    expect([...body.keys()]).to.deep.equal(['name', 'file']);
  });

  it('sends the whole File under its own name', () => {
    const file = makeFile('a.mp4', 3000);
    const sent = fileUploadBody(file, {}).get('file') as File;
    expect([sent.name, sent.size, sent.type, sent.lastModified]).to.deep.equal([
      file.name,
      3000,
      'video/mp4',
      file.lastModified,
    ]);
  });

  it('encodes URL imports and S3 copies as form fields', () => {
    expect(importBody([['url', 'https://x.test/a.mp4']], { projectId: 'p' }).toString()).to.equal(
      'url=https%3A%2F%2Fx.test%2Fa.mp4&project_id=p',
    );
    expect(
      importBody(
        [
          ['bucket', 'b'],
          ['source_file', 'k/v.mp4'],
        ],
        {},
      ).toString(),
    ).to.equal('bucket=b&source_file=k%2Fv.mp4');
  });

  it('builds the media status and embed addresses', () => {
    expect(mediaStatusUrl('https://api.wistia.com/', 'abc')).to.equal('https://api.wistia.com/v1/medias/abc.json');
    expect(mediaEmbedUrl('abc')).to.equal('https://fast.wistia.net/embed/iframe/abc');
  });
});

describe('classifyResponse', () => {
  it('takes a 200 with media JSON as success and keeps unknown fields', () => {
    const result = classifyResponse({ status: 200, body: JSON.stringify({ ...media, extra: { x: 1 } }) });
    expect(result).to.deep.equal({ ok: true, media: { ...media, extra: { x: 1 } } });
  });

  it('calls a 200 without media JSON an invalid response', () => {
    for (const body of ['<html>', '{"error":"x"}', '', 'null', '{"hashed_id":""}']) {
      const result = classifyResponse({ status: 200, body });
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error.code).to.equal('invalid_response');
    }
  });

  it("surfaces Wistia's 400 message and never retries it", () => {
    const result = classifyResponse({ status: 400, body: '{"error":"This account has exceeded its video limit."}' });
    expect(result).to.deep.include({ ok: false });
    if (!result.ok) {
      expect(result.error).to.deep.equal({
        code: 'wistia_rejected',
        message: 'This account has exceeded its video limit.',
        status: 400,
        retryable: false,
      });
    }
  });

  it('reads every error shape Wistia has used, first present wins', () => {
    expect(wistiaErrorMessage({ error: 'a', message: 'b' })).to.equal('a');
    expect(wistiaErrorMessage({ error: { code: 'upload_failed', detail: 'd' } })).to.equal('d');
    expect(wistiaErrorMessage({ error: { message: 'm' } })).to.equal('m');
    expect(wistiaErrorMessage({ detail: 'x' })).to.equal('x');
    expect(wistiaErrorMessage({ message: 'y' })).to.equal('y');
    expect(wistiaErrorMessage({ error: 42 })).to.equal(undefined);
    expect(wistiaErrorMessage('text')).to.equal(undefined);
  });

  it('marks 401 as unauthorized', () => {
    const result = classifyResponse({ status: 401, body: '<html>Unauthorized</html>' });
    expect(!result.ok && result.unauthorized).to.equal(true);
    if (!result.ok) expect(result.error.code).to.equal('unauthorized');
  });

  it('retries 408, 429 and 5xx; honours Retry-After on 429 and 503', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const result = classifyResponse({ status, body: '', retryAfter: '3' });
      expect(!result.ok && result.error.retryable, String(status)).to.equal(true);
      if (!result.ok) expect(result.error.code).to.equal('server');
      if (!result.ok) expect(result.retryAfterMs).to.equal(status === 429 || status === 503 ? 3000 : undefined);
    }
  });

  it('treats other 4xx as a refusal', () => {
    const result = classifyResponse({ status: 413, body: '' });
    if (!result.ok) expect(result.error).to.include({ code: 'wistia_rejected', retryable: false });
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).to.equal(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).to.equal(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });

  it('recognises media JSON', () => {
    expect(isMedia(media)).to.equal(true);
    expect(isMedia({ id: 1 })).to.equal(false);
    expect(isMedia(null)).to.equal(false);
  });
});
