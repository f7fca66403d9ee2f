import fc from 'fast-check';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUploader, type Uploader } from '../../src/core/index.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';
import { FakeTusRelay, MemoryStore, type TusAnswer, type TusRequest } from './tus-relay.js';
import { TusTracker } from './tus-tracker.js';

/**
 * The resumable path on its own model: whole-file sends are engine.model.test.ts's; here every file goes by tus to
 * a relay whose every answer is chosen at random (a cut chunk keeps the bytes that arrived, a lost answer, a `500`,
 * a `401`, a `409`, an expiry), with cancels, retries and reloads (a new uploader, the same storage, the same files).
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000);
const CHUNK = 1000;

interface World {
  uploader: Uploader;
  clock: FakeClock;
  relay: FakeTusRelay;
  store: MemoryStore;
  tokens: FakeTokenSource;
  tracker: TusTracker;
  retries: number;
  files: File[];
  cancels: Map<string, number>;
  seed: number;
}

type Cmd = fc.AsyncCommand<object, World>;

function command(name: string, act: (w: World) => void | Promise<void>): Cmd {
  return {
    check: () => true,
    async run(_model, world) {
      await act(world);
      await turn(world);
    },
    toString: () => name,
  };
}

/** Tokens are always given: their failures are the engine model's. Then the step is held to the rules. */
async function turn(w: World): Promise<void> {
  for (let i = 0; i < 3; i++) {
    while (w.tokens.pending.length) w.tokens.answer(0, 'good');
    await settle();
  }
  w.tracker.check();
  if (w.tracker.violations.length) throw new Error(w.tracker.violations.join('; '));
}

function connect(w: World): void {
  const transport = Object.assign(new FakeTransport(w.clock), { exchange: w.relay.exchange });
  w.uploader = createUploader(
    { getToken: w.tokens.getToken, uploadUrl: 'https://relay.test/', resumable: true, stallTimeout: 0 },
    { ...fakeRuntime(w.clock, new FakeNetwork(), transport, w.seed), storage: w.store, chunkBytes: CHUNK },
  );
  w.uploader.configure({ retries: w.retries, multiple: true });
  w.tracker.listen(w.uploader);
  w.uploader.addEventListener('wistia-upload-cancel', ({ detail }) =>
    w.cancels.set(detail.item.name, (w.cancels.get(detail.item.name) ?? 0) + 1),
  );
}

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
const idAt = (w: World, i: number) => pick(w.uploader.items, i)?.id;

/**
 * An expiry is learnt from a `HEAD` or a chunk. An upload whose every byte the relay holds has gone to Wistia: its
 * expiry (a day later) would make a new one, as the contract says, which a run of minutes cannot tell from a bug.
 */
function answerOf(w: World, request: TusRequest, kind: TusAnswer): TusAnswer {
  const upload = w.relay.uploads.get(request.url);
  return kind === 'expired' && upload && upload.offset >= upload.length ? 'good' : kind;
}

const commands: fc.Arbitrary<Cmd>[] = [
  fc.integer({ min: 1, max: 3500 }).map((size) =>
    command(`add ${size}`, (w) => {
      const file = new File(['x'.repeat(size)], `f${w.files.length + 1}.mp4`, { type: 'video/mp4' });
      w.files.push(file);
      w.uploader.add([file]);
    }),
  ),
  ...Array<fc.Arbitrary<Cmd>>(6).fill(
    fc
      .record({
        i: fc.nat(),
        kind: fc
          .constantFrom<TusAnswer>('good', 'good', 'good', 'good', 'cut', 'lost', 'broken')
          .chain((k) => fc.constantFrom<TusAnswer>(k, k, k, 'unauthorized', 'stale', 'expired')),
      })
      .map(({ i, kind }) =>
        command(`answer ${i} ${kind}`, (w) => {
          const request = pick(w.relay.pending, i);
          if (request) w.relay.answer(request, answerOf(w, request, kind));
        }),
      ),
  ),
  fc.record({ i: fc.nat(), fraction: fc.constantFrom(0.5, 1) }).map(({ i, fraction }) =>
    command(`progress ${i} ${fraction}`, (w) => {
      const request = pick(w.relay.pending, i);
      if (request) w.relay.progress(request, fraction);
    }),
  ),
  fc.constantFrom(1500, 31_000).map((ms) => command(`advance ${ms}`, (w) => w.clock.advance(ms))),
  fc.nat().map((i) => command(`cancel ${i}`, (w) => w.uploader.cancel(idAt(w, i)))),
  fc.nat().map((i) =>
    command(`retry ${i}`, (w) => {
      const item = pick(w.uploader.items, i);
      // A new life counts its failures afresh; retry() of an item still going changes nothing.
      if (item && /failed|cancelled/.test(item.status) && !item.media) w.tracker.forget(item.name, item.id);
      w.uploader.retry(item?.id);
    }),
  ),
  fc.nat().map((i) => command(`remove ${i}`, (w) => w.uploader.remove(idAt(w, i)!))),
  fc.integer({ min: 0, max: 3 }).map((n) =>
    command(`retries ${n}`, (w) => {
      w.retries = n;
      w.uploader.configure({ retries: n });
    }),
  ),
  fc.constant(
    command('reload', (w) => {
      // The page goes away mid-upload; the visitor comes back and adds the same files again.
      const again = w.uploader.items.filter((it) => it.status !== 'succeeded').map((it) => it.file!);
      w.uploader.dispose();
      connect(w);
      for (const file of again) w.tracker.forget(file.name);
      w.tracker.reloaded();
      w.uploader.add(again);
    }),
  ),
];

/** Liveness: with every answer good and time passing, every item ends, and none ends with another's media. */
async function drain(w: World): Promise<void> {
  // The visitor presses Retry on what failed: a new life goes on from what the relay holds.
  for (const item of w.uploader.items)
    if (item.status === 'failed' && !item.media) {
      w.tracker.forget(item.name, item.id);
      w.uploader.retry(item.id);
    }
  await turn(w);
  for (let round = 0; round < 60; round++) {
    while (w.relay.pending.length) {
      w.relay.answer(w.relay.pending[0]!, 'good');
      await turn(w);
    }
    if (w.uploader.items.every((it) => !/queued|uploading/.test(it.status))) break;
    await w.clock.advance(31_000);
    await turn(w);
  }
  const unended = w.uploader.items.filter((it) => /queued|uploading/.test(it.status));
  assert.deepEqual(
    unended.map((it) => `${it.name} ${it.phase}`),
    [],
    'every item ended',
  );
  w.tracker.checkMedia(w.cancels);
  if (w.tracker.violations.length) throw new Error(w.tracker.violations.join('; '));
}

const ROWS = [
  'create',
  'chunk',
  'chunk cut mid-way',
  'stale offset (409)',
  'HEAD after a failure',
  'resume',
  'resume after a reload',
]
  .concat(['final answer lost'])
  .concat(['empty PATCH at the end', 'new upload after an expiry', 'more failures than retries, each after progress'])
  .concat(['end succeeded', 'end cancelled', 'end failed network', 'end failed server', 'end failed unauthorized']);

test(`resumable model: ${RUNS} random runs keep the tus rules through drops, expiries, cancels and reloads`, async () => {
  const runs = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(
      fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), retries: fc.integer({ min: 0, max: 3 }) }),
      fc.commands(commands, { maxCommands: 50, size: 'max' }),
      async ({ seed, retries }, cmds) => {
        const clock = new FakeClock();
        const relay = new FakeTusRelay();
        const w = {
          clock,
          relay,
          store: new MemoryStore(),
          retries,
          files: [],
          cancels: new Map(),
          seed,
        } as unknown as World;
        w.tokens = new FakeTokenSource('A', clock);
        w.tracker = new TusTracker(relay, CHUNK, () => w.retries);
        connect(w);
        try {
          await fc.asyncModelRun(() => ({ model: {}, real: w }), cmds);
          await drain(w);
        } finally {
          w.uploader.dispose();
        }
        for (const row of w.tracker.reached) runs.set(row, (runs.get(row) ?? 0) + 1);
      },
    ),
    { numRuns: RUNS, seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined },
  );
  const table = ['| row | runs |', '| --- | ---: |', ...ROWS.map((row) => `| ${row} | ${runs.get(row) ?? 0} |`)];
  console.log(`reached in ${RUNS} runs:\n${table.join('\n')}`);
  if (RUNS >= 1000)
    assert.deepEqual(
      ROWS.filter((row) => !runs.get(row)),
      [],
      'every row is reached in some run',
    );
});
