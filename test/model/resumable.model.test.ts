import fc from 'fast-check';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventName } from '../../src/core/index.js';
import { FakeClock, FakeTokenSource } from './fakes.js';
import { meddle, Reached, type Rows } from './reached.js';
import { answer, calls, CHUNK, commands, connect, turn, type World } from './tus-commands.js';
import { FakeTusRelay, MemoryStore } from './tus-relay.js';
import { TusModel } from './tus-model.js';
import { TusTracker } from './tus-tracker.js';

/**
 * The resumable path on its own model: whole-file sends are engine.model.test.ts's; here every file goes by tus to
 * a relay whose every answer is chosen at random (a cut chunk keeps the bytes that arrived, a lost answer, a `500`,
 * a `401`, a `409`, an expiry), with cancels, retries and reloads (a new uploader, the same storage, the same files),
 * and listeners that call back into the engine. The model (tus-model.ts) predicts what each answer leads to; the
 * tracker (tus-tracker.ts) holds the wire to the tus rules.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000);

/** Liveness: the visitor retries what failed; with every answer good and time passing, every item ends. */
async function drain(w: World): Promise<void> {
  for (const item of w.uploader.items) if (item.status === 'failed' && !item.media) calls.retry(w, item.id);
  await turn(w, 'drain');
  for (let round = 0; round < 60 && !w.model.settled; round++) {
    while (w.model.onWire.length) {
      answer(w, w.model.onWire[0]!, 'good');
      await turn(w, `drain round ${round}`);
    }
    w.model.advancing(31_000);
    await w.clock.advance(31_000);
    await turn(w, `drain round ${round}`);
  }
  const unended = w.uploader.items.filter((it) => /queued|uploading/.test(it.status));
  assert.deepEqual(
    unended.map((it) => `${it.name} ${it.phase}`),
    [],
    'every item ended',
  );
  assert.ok(w.model.settled, 'every item ended as the model says');
  w.tracker.checkMedia(w.cancels);
  if (w.tracker.violations.length) throw new Error(w.tracker.violations.join('; '));
}

const ROWS: Rows = [
  ['setup', ['retries 0', 'retries 3', 'listeners call back']],
  ['phase', ['waiting', 'asking', 'authorizing', 'sending', 'finishing', 'backing-off'].map((p) => `phase ${p}`)],
  [
    'answer',
    ['POST 201', 'POST network', 'POST 401', 'POST 500', 'HEAD 200', 'HEAD 404', 'HEAD network', 'HEAD 401']
      .concat(['HEAD 500', 'PATCH 204', 'PATCH 200', 'PATCH 409', 'PATCH 404', 'PATCH network', 'PATCH 401'])
      .concat(['PATCH 500'])
      .map((a) => `answer ${a}`),
  ],
  [
    'tus',
    ['chunk', 'chunk cut mid-way', 'HEAD after a failure', 'resume', 'resume after a reload', 'final answer lost']
      .concat(['empty PATCH at the end', 'new upload after an expiry', 'relay refused (409)'])
      .concat(['more failures than retries, each after progress']),
  ],
  [
    'end',
    ['succeeded', 'cancelled', 'failed network', 'failed server', 'failed unauthorized', 'failed relay refused']
      .concat(['failed stalled'])
      .map((e) => `end ${e}`),
  ],
];

test(`resumable model: ${RUNS} random runs predict each tus answer's outcome through drops, expiries, cancels and reloads`, async () => {
  const reached = new Reached(ROWS);
  // Every event of a file's upload; no file here is refused, nor watched while Wistia processes it.
  const events = Object.values(EventName).filter((e) => e !== EventName.fileReject && e !== EventName.mediaReady);
  const meddles = meddle(['cancel', 'retry', 'remove', 'cancel all', 'retry all'], events);
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        retries: fc.integer({ min: 0, max: 3 }),
        meddles: fc.array(meddles, { maxLength: 2 }),
      }),
      fc.commands(commands, { maxCommands: 50, size: 'max' }),
      async ({ seed, retries, meddles }, cmds) => {
        const clock = new FakeClock();
        const relay = new FakeTusRelay();
        const w = {
          ...{ clock, relay, store: new MemoryStore(), retries, chunk: CHUNK, cancels: new Map(), seed },
          ...{ meddles, meddleBudget: 20, files: 0, reached },
        } as unknown as World;
        w.tokens = new FakeTokenSource('A', clock);
        w.tracker = new TusTracker(relay, CHUNK, () => w.retries);
        w.model = new TusModel(() => w);
        reached.run({ retries, meddles });
        connect(w);
        try {
          await fc.asyncModelRun(() => ({ model: w.model, real: w }), cmds);
          await drain(w);
        } finally {
          w.uploader.dispose();
          for (const row of [...w.tracker.reached, ...w.model.reached]) reached.saw(row);
        }
      },
    ),
    {
      numRuns: RUNS,
      includeErrorInReport: true,
      seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined,
    },
  );
  console.log(reached.table());
  if (RUNS >= 1000) assert.deepEqual(reached.missing(), [], 'every row is reached in some run');
});
