// The soak's audit must be able to fail: each of its figures counts a made-up run that breaks the contract.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../soak/audit.mjs';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms) => new Date(t0 + ms).toISOString();

function item(name, overrides = {}) {
  return {
    kind: 'file',
    name,
    size: 1,
    sha256: 'aa',
    ids: { [`id-${name}`]: true },
    events: ['wistia-upload-start', 'wistia-upload-error'],
    terminal: [{ type: 'wistia-upload-error', status: 'failed', code: 'network', message: 'Connection lost.' }],
    progress: 0,
    lives: 1,
    userActs: [],
    hook: { answer: 'go', waitMs: 0 },
    ...overrides,
  };
}

function upload(seq, overrides = {}) {
  return {
    seq,
    route: 'upload',
    status: null,
    fault: null,
    outcome: 'aborted',
    fieldOrder: ['project_id', 'file'],
    fields: { project_id: 'soak-a' },
    files: [{ field: 'file', filename: 'a.mp4', contentType: 'video/mp4', bytes: 1, sha256: '' }],
    tokenProject: 'soak-a',
    bodyComplete: false,
    clientAborted: true,
    startedAt: at(seq * 10_000),
    endedAt: at(seq * 10_000 + 3000),
    ...overrides,
  };
}

/** A run of one file whose whole body arrived in request 1, which the client closed unanswered; request 2 re-sent it. */
function run({ records = [item('a.mp4')], requests, offlineSpans } = {}) {
  const log = {
    requests: requests ?? [upload(1, { bodyComplete: true, fault: { delayMs: 5000 } }), upload(2)],
    successesBySha256: {},
    tokenRequests: 0,
  };
  return audit({ report: { records, stallTimeout: 2000 }, log, origin: 'http://127.0.0.1:9', offlineSpans });
}

describe('soak audit', () => {
  it('counts a whole file sent again after its complete body went unanswered', async () => {
    const result = await run();
    assert.equal(result.resentAfterBody, 1);
    assert.match(result.problems.join('\n'), /whole body of request #1 received/);
  });

  it('leaves out a re-send after the network dropped, or after the user cancelled or retried', async () => {
    const offline = await run({ offlineSpans: [{ from: t0 + 12_000, to: t0 + 13_500 }] });
    assert.deepEqual([offline.resentAfterBody, offline.excusedResends], [0, { offline: 1, user: 0 }]);
    const user = await run({ records: [item('a.mp4', { userActs: [t0 + 12_500] })] });
    assert.deepEqual([user.resentAfterBody, user.excusedResends], [0, { offline: 0, user: 1 }]);
  });

  it('does not count a re-send after a body cut short or a failure answer', async () => {
    const result = await run({
      requests: [upload(1), upload(2, { bodyComplete: true, clientAborted: false, status: 503 }), upload(3)],
    });
    assert.equal(result.resentAfterBody, 0);
  });

  it('counts a request whose token was issued for another project than its project_id', async () => {
    const result = await run({
      requests: [
        upload(1, { tokenProject: 'soak-b' }),
        upload(2, { tokenProject: null, fields: {}, fieldOrder: ['file'] }),
        upload(3, { tokenProject: 'soak-a', fields: {}, fieldOrder: ['file'] }),
        // Fields not yet in: not checked.
        upload(4, { tokenProject: 'soak-c', fieldOrder: [], fields: {} }),
      ],
    });
    assert.deepEqual([result.projectChecked, result.wrongProject], [3, 2]);
  });

  it('counts items that end against the contract or against what the app hook said', async () => {
    const result = await run({
      records: [
        item('a.mp4'),
        item('open.mp4', { lives: 2 }),
        item('thrown.mp4', { hook: { answer: 'throw', waitMs: 0 } }),
        item('silent.mp4', { terminal: [{ type: 'wistia-upload-error', status: 'failed', code: 'server' }] }),
        item('refused.mp4', {
          hook: { answer: 'refuse', waitMs: 10 },
          terminal: [{ type: 'wistia-file-reject', status: 'rejected', code: 'rejected_by_app', message: 'No.' }],
        }),
      ],
    });
    assert.deepEqual(result.badEnds.map((r) => r.name).sort(), ['open.mp4', 'silent.mp4', 'thrown.mp4']);
    assert.equal(result.notOneTerminal.length, 1);
    assert.equal(result.lost, 1);
  });
});
