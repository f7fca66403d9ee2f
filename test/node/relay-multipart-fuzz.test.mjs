// Differential fuzzing of the relay's form reading: generated multipart bodies (boundaries of every length, quoted
// parameters, padding after boundaries, duplicate and late fields, several files) go through the relay over real
// HTTP to a capture upstream that parses with busboy. Whatever the relay accepts, upstream must get exactly the
// token's project, one file with the browser's bytes, and only fields the relay checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import busboy from 'busboy';
import fc from 'fast-check';
import { listen, send } from './relay-helpers.mjs';
import { loadServerBuild } from './server-build.mjs';

const SECRET = 'fuzz-secret-0123456789abcdefghijklmnopqrstuv';
const MEDIA_FIELDS = ['project_id', 'name', 'description', 'contact_id'];
const BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
const RUNS = 500;

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let capture;
let relayUrl;
/** The relay's Fetch handler itself, for bodies streamed in pieces. */
let relayHandler;
let tokens;
const closers = [];
/** What the capture upstream parsed, request by request. */
let received = [];

/** An upstream that reads each form as Wistia's parser would, and answers 200 only for a complete one. */
async function startCapture() {
  let count = 0;
  return listen((req, res) => {
    const record = { fields: [], files: [], complete: false };
    received.push(record);
    let parser;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
    } catch {
      res.writeHead(400).end();
      return;
    }
    parser.on('field', (name, value) => record.fields.push([name, value]));
    parser.on('file', (name, stream, info) => {
      const chunks = [];
      stream.on('error', () => undefined);
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => record.files.push({ name, filename: info.filename, data: Buffer.concat(chunks) }));
    });
    parser.on('close', () => {
      record.complete = req.complete;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hashed_id: `media${++count}`, name: 'x' }));
    });
    parser.on('error', () => res.writeHead(400).end());
    req.on('error', () => undefined);
    req.pipe(parser);
  });
}

before(async () => {
  lib = await loadServerBuild();
  capture = await startCapture();
  closers.push(capture);
  const relay = lib.createUploadRelay({
    secret: SECRET,
    wistiaToken: 'fuzz-wistia-token-b5e1c9a7',
    uploadUrl: `${capture.origin}/`,
    maxConcurrentUploads: 100,
  });
  relayHandler = relay;
  const running = await listen(lib.toNodeHandler(relay));
  closers.push(running);
  relayUrl = `${running.origin}/`;
  const issue = lib.relayTokenIssuer({ secret: SECRET });
  tokens = {
    projA: (await issue({ subject: 'fuzzer', projectId: 'projA' })).token,
    none: (await issue({ subject: 'fuzzer' })).token,
  };
});
after(async () => {
  for (const closer of closers) await closer.close();
});

/**
 * Sends one body through the relay and returns its status and what upstream parsed: whole over HTTP, or (with
 * `pieces`, sizes used in turn) as a stream of small chunks straight to the handler, so every boundary, CRLF and
 * header may be cut anywhere.
 */
async function through(body, contentType, tokenFor, pieces) {
  received = [];
  if (pieces) {
    let at = 0;
    let turn = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (at >= body.byteLength) return controller.close();
        const size = pieces[turn++ % pieces.length];
        controller.enqueue(new Uint8Array(body.subarray(at, at + size)));
        at += size;
      },
    });
    const request = new Request(relayUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[tokenFor]}`, 'content-type': contentType },
      body: stream,
      duplex: 'half',
    });
    const res = await relayHandler(request);
    const text = await res.text();
    // The capture records a form only once busboy closes it: give an aborted upstream request time to show.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { status: res.status, text, upstream: received.filter((record) => record.complete) };
  }
  const res = await send(relayUrl, {
    headers: {
      authorization: `Bearer ${tokens[tokenFor]}`,
      'content-type': contentType,
      'content-length': body.byteLength,
      connection: 'close',
    },
    body,
  }).catch((error) => ({ status: 0, text: String(error) }));
  return { status: res.status, text: res.text, upstream: received.filter((record) => record.complete) };
}

const partHead = (name, file) =>
  `Content-Disposition: form-data; name="${name}"` +
  (file ? `; filename="clip.mp4"\r\nContent-Type: video/mp4` : '') +
  '\r\n\r\n';

/** A body from parts: each `{ name, file, value, pad }`, framed with `framing` (a boundary) as a browser would. */
function frame(parts, framing, { close = true, epilogue = '' } = {}) {
  const chunks = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${framing}${part.pad}\r\n${partHead(part.name, part.file)}`, 'latin1'));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${framing}--\r\n${epilogue}`, 'latin1'));
  return Buffer.concat(chunks);
}

const boundaryArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BCHARS), minLength: 1, maxLength: 70 }),
  fc.string({ unit: fc.constantFrom(...BCHARS), minLength: 71, maxLength: 120 }),
  fc.constantFrom('a', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'x'.repeat(70), 'y'.repeat(71)),
);
const valueArb = fc.oneof(
  fc.constantFrom('projA', 'VICTIM', '', ' projA ', 'Clip', 'd\r\n--a\r\n', '--', 'é ✓'),
  fc.string({ maxLength: 30 }),
);
const safeValueArb = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.é✓'), maxLength: 30 });
const fileArb = fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes));

/** A body the way a browser sends it, which the relay must accept. */
const browserCase = fc
  .record({
    boundary: fc
      .string({ unit: fc.constantFrom(...BCHARS), minLength: 1, maxLength: 70 })
      .filter((b) => !b.endsWith(' ')),
    tokenFor: fc.constantFrom('projA', 'none'),
    name: fc.option(safeValueArb),
    description: fc.option(safeValueArb),
    contactId: fc.option(safeValueArb),
    file: fileArb,
  })
  .map(({ boundary, tokenFor, name, description, contactId, file }) => {
    const parts = [];
    if (tokenFor === 'projA') parts.push({ name: 'project_id', value: 'projA' });
    if (name !== null) parts.push({ name: 'name', value: name });
    if (description !== null) parts.push({ name: 'description', value: description });
    if (contactId !== null) parts.push({ name: 'contact_id', value: contactId });
    parts.push({ name: 'file', file: true, value: file });
    return {
      browser: true,
      boundary,
      tokenFor,
      parts: parts.map((part) => ({ pad: '', file: false, ...part })),
      body: frame(
        parts.map((part) => ({ pad: '', file: false, ...part })),
        boundary,
      ),
      contentType: `multipart/form-data; boundary="${boundary}"`,
    };
  });

/** A browser's body with a project smuggled in each way parsers have read differently. */
const smuggledCase = fc
  .record({
    base: browserCase,
    trick: fc.constantFrom('padding', 'longBoundary', 'quotedParam', 'late', 'duplicate', 'secondFile'),
    visible: fc.constantFrom('projA', 'VICTIM', ''),
    hidden: fc.constantFrom('projA', 'VICTIM', ''),
    pad: fc.constantFrom('  ', 'ZZ', '\t', 'x', ' \t'),
    order: fc.boolean(),
    extra: fc.integer({ min: 1, max: 60 }),
    quoted: fc.boolean(),
  })
  .map(({ base, trick, visible, hidden, pad, order, extra, quoted }) => {
    const { boundary, tokenFor } = base;
    const others = base.parts.filter((part) => !part.file && part.name !== 'project_id');
    const file = base.parts.at(-1);
    const project = (value, padding = '') => ({ name: 'project_id', file: false, value, pad: padding });
    const pair = order ? [project(visible), project(hidden, pad)] : [project(hidden, pad), project(visible)];
    const made = (parts, framing = boundary, contentType = `multipart/form-data; boundary="${framing}"`) => ({
      browser: false,
      tokenFor,
      parts,
      body: frame(parts, framing),
      contentType,
    });
    if (trick === 'padding') return made([pair[0], ...others, pair[1], file]);
    if (trick === 'duplicate') return made([project(visible), ...others, project(hidden), file]);
    if (trick === 'late') return made([project(visible), ...others, file, project(hidden)]);
    if (trick === 'secondFile') {
      return made([
        project(visible),
        ...others,
        file,
        { ...file, value: Buffer.concat([file.value, Buffer.from('!')]) },
      ]);
    }
    if (trick === 'longBoundary') {
      const long = `${(boundary + 'L'.repeat(70)).slice(0, 70)}${'L'.repeat(extra)}`;
      const cutClose = Buffer.from(`\r\n--${long.slice(0, 70)}--\r\n`, 'latin1');
      const parts = [project(visible), ...others, { ...file, value: Buffer.concat([file.value, cutClose]) }];
      return made([...parts, project(hidden)], long, `multipart/form-data; boundary=${quoted ? `"${long}"` : long}`);
    }
    // quotedParam: one form framed with a boundary named inside a quoted parameter, another with the real one.
    const decoy = 'AAA';
    const inner = [project(hidden), ...others, file];
    const body = Buffer.concat([
      Buffer.from(`--${decoy}\r\n${partHead('project_id')}${visible}\r\n--${decoy}\r\n${partHead('file', true)}`),
      frame(inner, boundary),
      Buffer.from(`\r\n--${decoy}--\r\n`),
    ]);
    const contentType = `multipart/form-data; x="; boundary=${decoy}"; boundary="${boundary}"`;
    return { browser: false, tokenFor, parts: [project(visible), ...inner], body, contentType };
  });

/** Anything: mixed parts, padding, several files, odd content types, and segments framed with other boundaries. */
const partArb = fc.record({
  name: fc.constantFrom(...MEDIA_FIELDS, 'project_id', 'file', 'file', 'other'),
  file: fc.boolean(),
  value: fc.oneof(fc.constantFrom('projA', 'VICTIM'), valueArb, fileArb),
  pad: fc.constantFrom('', '', '', '  ', 'ZZ', '\t', '-', 'x\r\n'),
});
const hostileCase = fc
  .record({
    boundary: boundaryArb,
    other: fc.constantFrom('AAA', 'a', 'z'.repeat(70)),
    typeForm: fc.constantFrom('plain', 'quoted', 'quotedParamFirst', 'twoBoundaries', 'charset', 'star'),
    segments: fc.array(
      fc.record({
        framing: fc.constantFrom('declared', 'declared', 'other', 'cut70'),
        parts: fc.array(partArb, { maxLength: 5 }),
        close: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    epilogue: fc.constantFrom('', '\r\n', 'junk'),
    tokenFor: fc.constantFrom('projA', 'none'),
  })
  .map(({ boundary, other, typeForm, segments, epilogue, tokenFor }) => {
    const contentType = {
      plain: `multipart/form-data; boundary=${boundary}`,
      quoted: `multipart/form-data; boundary="${boundary}"`,
      quotedParamFirst: `multipart/form-data; x="; boundary=${other}"; boundary="${boundary}"`,
      twoBoundaries: `multipart/form-data; boundary="${other}"; boundary="${boundary}"`,
      charset: `multipart/form-data; charset=utf-8; boundary="${boundary}"`,
      star: `multipart/form-data; boundary*=utf-8''${other}; boundary="${boundary}"`,
    }[typeForm];
    const framings = { declared: boundary, other, cut70: boundary.slice(0, 70) };
    const body = Buffer.concat(
      segments.map((segment, index) =>
        frame(segment.parts, framings[segment.framing], {
          close: segment.close,
          epilogue: index === segments.length - 1 ? epilogue : '',
        }),
      ),
    );
    return { browser: false, tokenFor, parts: segments.flatMap((segment) => segment.parts), body, contentType };
  });

/** The property: an accepted body reached upstream as exactly what the relay checked; a refused one not at all. */
function checkForwarded(testCase, { status, text, upstream }) {
  if (status !== 200) {
    assert.equal(upstream.length, 0, `refused (${status} ${text}) yet upstream got a complete form`);
    return;
  }
  assert.equal(upstream.length, 1, 'an accepted body reaches upstream once');
  const [form] = upstream;
  assert.equal(form.files.length, 1, 'exactly one file');
  assert.equal(form.files[0].name, 'file');
  const sentFiles = testCase.parts.filter((part) => part.name === 'file').map((part) => Buffer.from(part.value));
  assert.ok(
    sentFiles.some((bytes) => bytes.equals(form.files[0].data)),
    "the file holds the bytes of the browser's file part",
  );
  const projects = form.fields.filter(([name]) => name === 'project_id').map(([, value]) => value);
  assert.deepEqual(projects, testCase.tokenFor === 'projA' ? ['projA'] : [], 'exactly the token’s project');
  const names = form.fields.map(([name]) => name);
  assert.equal(new Set(names).size, names.length, 'no field twice');
  for (const [name, value] of form.fields) {
    assert.ok(MEDIA_FIELDS.includes(name), `only checked fields (${name})`);
    if (name !== 'project_id') {
      assert.ok(
        testCase.parts.some((part) => part.name === name && String(part.value) === value),
        `${name} is a value the browser sent as that field`,
      );
    }
  }
}

describe('the relay forwards exactly what it checked', () => {
  it(`holds for ${RUNS} generated bodies, and accepts every body a browser would send`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(browserCase, smuggledCase, hostileCase),
        fc.option(fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 }), { freq: 2 }),
        async (testCase, pieces) => {
          const result = await through(testCase.body, testCase.contentType, testCase.tokenFor, pieces ?? undefined);
          if (testCase.browser) assert.equal(result.status, 200, `a browser's body is accepted: ${result.text}`);
          checkForwarded(testCase, result);
          if (result.status === 200) accepted++;
        },
      ),
      { numRuns: RUNS, includeErrorInReport: true },
    );
    assert.ok(accepted >= RUNS / 4, `enough bodies were accepted to mean something (${accepted})`);
  });

  // The three bodies that put a project-A token's uploads into project VICTIM before the relay rebuilt the form.
  const file = { name: 'file', file: true, value: 'video bytes', pad: '' };
  const field = (name, value, pad = '') => ({ name, file: false, value, pad });

  it('refuses two bytes of padding after a boundary line', async () => {
    const body = Buffer.concat([
      frame([field('project_id', 'VICTIM'), field('name', 'x')], 'B', { close: false }),
      frame([field('project_id', 'projA', 'ZZ'), file], 'B'),
    ]);
    const result = await through(body, 'multipart/form-data; boundary=B', 'projA');
    checkForwarded({ tokenFor: 'projA', parts: [field('name', 'x'), file] }, result);
    assert.equal(result.status, 400, result.text);
  });

  it('refuses a boundary longer than 70 characters', async () => {
    const long = 'L'.repeat(75);
    const body = Buffer.concat([
      frame([field('project_id', 'projA')], long, { close: false }),
      frame([{ ...file, value: `bytes\r\n--${long.slice(0, 70)}--\r\n` }, field('project_id', 'VICTIM')], long),
    ]);
    const result = await through(body, `multipart/form-data; boundary=${long}`, 'projA');
    checkForwarded({ tokenFor: 'projA', parts: [file] }, result);
    assert.equal(result.status, 400, result.text);
  });

  it('reads a quoted parameter holding "boundary=" as busboy does, and refuses the body it hides', async () => {
    const hidden = frame([field('project_id', 'VICTIM'), file], 'BBB');
    const body = Buffer.concat([
      Buffer.from('--AAA\r\n' + partHead('project_id') + 'projA\r\n--AAA\r\n' + partHead('file', true)),
      hidden,
      Buffer.from('\r\n--AAA--\r\n'),
    ]);
    const result = await through(body, 'multipart/form-data; x="; boundary=AAA"; boundary=BBB', 'projA');
    checkForwarded({ tokenFor: 'projA', parts: [file] }, result);
    assert.equal(result.status, 400, result.text);
  });
});
