import { expect } from '@open-wc/testing';
import { inferredType, matchesAccept, rejectFile } from '../../src/core/file-rules.js';
import { normaliseLink, validS3 } from '../../src/core/link-rules.js';
import { isSecureEndpoint } from '../../src/core/secure-endpoint.js';
import { truncateName } from '../../src/core/wistia-api.js';
import { makeFile } from '../helpers/core-fixtures.js';

describe('accept matching', () => {
  const file = (name: string, type = '') => ({ name, type });

  it('matches MIME types, type/* and extensions like <input accept>', () => {
    expect(matchesAccept(file('a.mp4', 'video/mp4'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('a.mp3', 'audio/mpeg'), 'video/*')).to.equal(false);
    expect(matchesAccept(file('a.mp3', 'audio/mpeg'), 'video/*, audio/*')).to.equal(true);
    expect(matchesAccept(file('a.MOV', 'video/quicktime'), 'video/quicktime')).to.equal(true);
    expect(matchesAccept(file('a.MOV', ''), '.mov')).to.equal(true);
    expect(matchesAccept(file('.mov', ''), '.mov')).to.equal(false);
    expect(matchesAccept(file('a.txt', 'text/plain'), '')).to.equal(true);
    expect(matchesAccept(file('a.txt', 'text/plain'), '*/*')).to.equal(true);
  });

  it('infers the type from the extension when the browser gives none', () => {
    expect(matchesAccept(file('film.mkv'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('song.flac'), 'audio/*')).to.equal(true);
    expect(matchesAccept(file('notes.txt'), 'video/*')).to.equal(false);
  });

  it('takes a known media extension as its family whatever type the system guessed', () => {
    // Firefox types camcorder files from the system's MIME table; systems type .ts as Qt Linguist files.
    expect(matchesAccept(file('CLIP0001.MTS', 'model/vnd.mts'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('stream.ts', 'text/vnd.trolltech.linguist'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('master.mxf', 'application/mxf'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('old.asf', 'application/vnd.ms-asf'), 'video/*')).to.equal(true);
    expect(matchesAccept(file('voice.m4a', 'application/octet-stream'), 'audio/*')).to.equal(true);
    expect(matchesAccept(file('CLIP0001.MTS', 'model/vnd.mts'), 'audio/*')).to.equal(false);
    expect(matchesAccept(file('notes.txt', 'video/mp4'), 'video/*'), "the browser's type still counts").to.equal(true);
    expect(matchesAccept(file('model.obj', 'model/obj'), 'video/*')).to.equal(false);
  });

  it('says the inferred type where the browser gives none', () => {
    expect(inferredType(file('film.divx'))).to.equal('video/divx');
    expect(inferredType(file('film.m2ts'))).to.equal('video/m2ts');
    expect(inferredType(file('FILM.VOB'))).to.equal('video/vob');
    expect(inferredType(file('film.f4v'))).to.equal('video/f4v');
    expect(inferredType(file('song.mp3'))).to.equal('audio/mp3');
    expect(inferredType(file('film.mp4', 'Video/MP4; codecs="avc1"'))).to.equal('video/mp4');
    expect(inferredType(file('CLIP.MTS', 'model/vnd.mts')), 'a type the browser gave is kept').to.equal(
      'model/vnd.mts',
    );
    expect(inferredType(file('notes'))).to.equal('');
    expect(inferredType(file('x.constructor'))).to.equal('');
  });
});

describe('file rules', () => {
  const limits = { accept: 'video/*', maxFileSize: 0, maxFiles: 0, count: 0 };

  it('accepts a normal video', () => {
    expect(rejectFile(makeFile(), limits)).to.equal(undefined);
  });

  it('names the reason for each refusal', () => {
    expect(rejectFile(makeFile('a.txt', 10, 'text/plain'), limits)?.code).to.equal('rejected_type');
    expect(rejectFile(makeFile('a.mp4', 0), limits)?.code).to.equal('rejected_empty');
    expect(rejectFile(makeFile('a.mp4', 11), { ...limits, maxFileSize: 10 })?.code).to.equal('rejected_size');
    expect(rejectFile(makeFile('a.mp4', 10), { ...limits, maxFileSize: 10 })).to.equal(undefined);
    expect(rejectFile(makeFile(), { ...limits, maxFiles: 2, count: 2 })?.code).to.equal('rejected_count');
  });
});

describe('name truncation', () => {
  it('keeps names up to 255 characters as they are', () => {
    const name = 'a'.repeat(251) + '.mp4';
    expect(truncateName(name)).to.equal(name);
  });

  it('cuts before the extension', () => {
    const cut = truncateName('a'.repeat(300) + '.mp4');
    expect(cut.length).to.equal(255);
    expect(cut.endsWith('.mp4')).to.equal(true);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const cut = truncateName('🎬'.repeat(300) + '.mov');
    expect(Array.from(cut).length).to.equal(255);
    expect(cut.endsWith('🎬.mov')).to.equal(true);
  });

  it('cuts plainly when there is no sensible extension', () => {
    expect(truncateName('x'.repeat(300)).length).to.equal(255);
  });
});

describe('link normalisation', () => {
  it('accepts http(s) links to media files and names them by their last segment', () => {
    expect(normaliseLink(' https://cdn.example.com/videos/My%20Clip.mp4?sig=1 ')).to.deep.equal({
      kind: 'url',
      url: 'https://cdn.example.com/videos/My%20Clip.mp4?sig=1',
      name: 'My Clip.mp4',
    });
  });

  it('refuses other schemes and credentials as insecure', () => {
    for (const link of [
      'javascript:alert(1)',
      'data:video/mp4;base64,AAAA',
      'file:///tmp/a.mp4',
      'ftp://x.test/a.mp4',
    ]) {
      const result = normaliseLink(link);
      expect(result.kind === 'invalid' && result.error.code, link).to.equal('insecure_url');
    }
    const creds = normaliseLink('https://user:pw@x.test/a.mp4');
    expect(creds.kind === 'invalid' && creds.error.code).to.equal('insecure_url');
  });

  it('refuses links that are not to a media file', () => {
    for (const link of ['', 'not a url', 'https://x.test/page.html', 'https://x.test/', 'https://x.test/video']) {
      const result = normaliseLink(link);
      expect(result.kind === 'invalid' && result.error.code, link).to.equal('invalid_url');
    }
  });

  it('rewrites Dropbox share links to the direct form, dropping dl and raw only', () => {
    const cases: [string, string][] = [
      ['https://www.dropbox.com/s/abc123/clip.mp4?dl=0', 'https://dl.dropbox.com/s/abc123/clip.mp4'],
      ['https://www.dropbox.com/s/abc123/clip.mp4?raw=1', 'https://dl.dropbox.com/s/abc123/clip.mp4'],
      [
        'https://www.dropbox.com/scl/fi/xyz/clip.mov?rlkey=k1&dl=1',
        'https://dl.dropbox.com/scl/fi/xyz/clip.mov?rlkey=k1',
      ],
    ];
    for (const [input, expected] of cases) {
      const result = normaliseLink(input);
      expect(result.kind === 'url' && result.url, input).to.equal(expected);
    }
  });

  it('leaves other Dropbox addresses alone', () => {
    const result = normaliseLink('https://www.dropbox.com/home/clip.mp4?dl=0');
    expect(result.kind === 'url' && result.url).to.equal('https://www.dropbox.com/home/clip.mp4?dl=0');
  });

  it('turns s3:// links into S3 copies without the leading slash', () => {
    expect(normaliseLink('s3://my-bucket//videos/dog.mp4')).to.deep.equal({
      kind: 's3',
      bucket: 'my-bucket',
      sourceFile: 'videos/dog.mp4',
      name: 'dog.mp4',
    });
    expect(normaliseLink('s3://my-bucket').kind).to.equal('invalid');
    expect(validS3('Bad_Bucket', 'a.mp4').kind).to.equal('invalid');
    expect(validS3('ok-bucket', '/').kind).to.equal('invalid');
  });

  it('allows clear-text endpoints only on this machine', () => {
    expect(isSecureEndpoint('https://upload.wistia.com/')).to.equal(true);
    expect(isSecureEndpoint('http://localhost:8000/x')).to.equal(true);
    expect(isSecureEndpoint('http://127.0.0.1/x')).to.equal(true);
    expect(isSecureEndpoint('http://[::1]:9/x')).to.equal(true);
    expect(isSecureEndpoint('http://upload.wistia.com/')).to.equal(false);
    expect(isSecureEndpoint('/wistia/upload/', 'http://localhost:8000/')).to.equal(true);
    expect(isSecureEndpoint('::::')).to.equal(false);
  });
});
