import fc from 'fast-check';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUploader,
  EventName,
  type BeforeUploadResult,
  type UploaderOptions,
  type UploadItem,
} from '../../src/core/index.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';
import { Model, REFUSAL, RETRY_AFTER_MS, type PollAnswer, type SendAnswer } from './model.js';
import { meddle, Reached, type Meddle } from './reached.js';
import { itemOf, Tracker, type World } from './tracker.js';

/** Runs in `npm test`; `npm run soak` and MODEL_RUNS=… run many more. */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000);

interface Real {
  world: World;
  model: Model;
  hooks: { id: string; resolve(v: BeforeUploadResult): void; reject(e: unknown): void }[];
  files: number;
  /** Calls listeners may still make from inside events, so an app that retries every cancel cannot go on for ever. */
  meddleBudget: number;
}

type Cmd = fc.AsyncCommand<Model, Real>;

/** A command: it writes down what it expects, acts, lets the engine settle, then holds it to model and invariants. */
function command(name: string, act: (r: Real) => void | Promise<void>): Cmd {
  return {
    check: () => true,
    async run(_model, real) {
      real.model.observe();
      await act(real);
      await settle();
      verify(real, `after ${name}`);
    },
    toString: () => name,
  };
}

function verify(r: Real, when: string): void {
  r.model.observe();
  r.world.tracker.check();
  r.model.check((text) => r.world.tracker.violation(text));
  const { violations } = r.world.tracker;
  if (violations.length) throw new Error(`${when}: ${violations.join('; ')}`);
}

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
const ids = (r: Real) => r.world.uploader.items.map((i) => i.id);
const pendingOf = (r: Real, kind: 'send' | 'poll') => r.world.transport.pending.filter((q) => q.kind === kind);

export const media = (n: number, status?: string) =>
  JSON.stringify({ id: n, hashed_id: `h${n}abcdef`, name: `m${n}`, type: 'Video', created: 'c', updated: 'u', status });

const sendAnswers: Record<
  Exclude<SendAnswer, 'ok' | 'reset' | 'throws'>,
  { status: number; body: string; retryAfter?: string | null }
> = {
  garbage: { status: 200, body: '{"not":"media"' },
  rejected: { status: 400, body: JSON.stringify({ error: REFUSAL }) },
  unauthorized: { status: 401, body: '<html>Unauthorized</html>' },
  timeout: { status: 408, body: '' },
  busy: { status: 429, body: '', retryAfter: String(RETRY_AFTER_MS / 1000) },
  busyUnreadable: { status: 429, body: '', retryAfter: null },
  broken: { status: 500, body: '{"error":"oops"}' },
  unavailable: { status: 503, body: '' },
};

/** The engine's methods, as the commands and the listeners call them: the model and the tracker hear of each. */
const calls = {
  cancel: (r: Real, id?: string) => (r.model.cancel(id), r.world.uploader.cancel(id)),
  retry(r: Real, id?: string) {
    const revived = r.world.uploader.items
      .filter((it) => (id === undefined ? it.status === 'failed' : it.id === id) && /failed|cancelled/.test(it.status))
      .filter((it) => !it.media)
      .map((it) => it.id);
    r.model.observe();
    // Told before the call: the new life's first events can come from inside it.
    r.world.tracker.revived(revived);
    r.model.retry(id);
    r.world.uploader.retry(id);
  },
  remove(r: Real, id?: string) {
    if (!id || !r.model.items.has(id)) return;
    const { tracker } = r.world;
    const outer = tracker.removing;
    tracker.removing = id;
    r.model.remove(id);
    r.world.uploader.remove(id);
    tracker.removing = outer;
    tracker.gone([id]);
  },
  clear(r: Real) {
    const finished = r.world.uploader.items.filter((it) => /succeeded|failed|cancelled|rejected/.test(it.status));
    r.model.clear();
    r.world.uploader.clear();
    r.world.tracker.gone(finished.map((it) => it.id));
  },
  start: (r: Real) => r.world.uploader.start(),
};

/**
 * Moves the engine on until a request of `kind` is on the wire: tokens and hook answers given, and for a status
 * read, time passed. Without it most answers would find nothing to answer.
 */
async function onTheWire(r: Real, kind: 'send' | 'poll'): Promise<void> {
  const processing = () => r.world.uploader.items.some((i) => i.status === 'processing');
  if (kind === 'poll' && !pendingOf(r, 'poll').length && !processing()) {
    // Nothing to read yet: upload something with wait-for-ready on.
    r.world.waitForReady = true;
    configure(r, { waitForReady: true });
    await onTheWire(r, 'send');
    answerSend(r, 0, 'ok');
    await settle();
    r.model.observe();
  }
  for (let round = 0; round < 3 && !pendingOf(r, kind).length; round++) {
    for (const source of Object.values(r.world.sources)) while (source.pending.length) source.answer(0, 'good');
    while (r.hooks.length) answerHook(r, 0, 'fields');
    await settle();
    if (kind === 'poll' && !pendingOf(r, kind).length) await r.world.clock.advance(4000);
    r.model.observe();
  }
}

/** Delivers Wistia's `kind` answer to a pending send, after the model wrote down what it must lead to. */
function answerSend(r: Real, i: number, kind: SendAnswer): void {
  const request = pick(pendingOf(r, 'send'), i);
  if (!request) return;
  const item = itemOf(r.world.uploader.items, request);
  if (!item) return;
  r.world.reached.answer(kind);
  const stats = r.world.tracker.stats.get(item.id);
  if (stats && kind === 'unauthorized') stats.unauthorized++;
  r.model.answer(request, kind, item.id);
  if (kind === 'throws') {
    // A bug somewhere below the engine: never a connection problem, never retried.
    r.world.tracker.threw.add(item.id);
    return request.fail(new TypeError('Cannot read properties of undefined'));
  }
  if (kind === 'reset') return request.settle('network');
  request.settle(kind === 'ok' ? { status: 200, body: media(request.n) } : sendAnswers[kind]);
}

function answerPoll(r: Real, i: number, kind: PollAnswer): void {
  const request = pick(pendingOf(r, 'poll'), i);
  const item = request && itemOf(r.world.uploader.items, request);
  if (!request || !item) return;
  r.world.reached.answer(`status ${kind}`);
  r.model.poll(kind, item.id);
  const n = Number(/h(\d+)abcdef/.exec(request.url)?.[1]);
  if (kind === 'garbage') return request.settle({ status: 200, body: '<html>' });
  const status = kind === '401' ? 401 : kind === '500' ? 500 : 200;
  request.settle({ status, body: status === 200 ? media(n, kind) : '' });
}

function answerToken(r: Real, i: number, kind: 'good' | 'soon' | 'fail'): void {
  const source = r.world.sources[r.world.source];
  if (source.pending.length) source.answer(i % source.pending.length, kind);
  const other = r.world.sources[r.world.source === 'A' ? 'B' : 'A'];
  if (other.pending.length) other.answer(0, 'good');
}

function answerHook(r: Real, i: number, kind: 'fields' | 'false' | 'throw'): void {
  const [pending] = r.hooks.splice(i % Math.max(1, r.hooks.length), 1);
  if (!pending) return;
  if (kind === 'throw') pending.reject(new Error('Quota reached for today'));
  else pending.resolve(kind === 'false' ? false : { projectId: 'p2', name: `renamed-${i}.mp4` });
}

/** New items, as far as a listener of their refusal has not cleared them already. */
function listed(r: Real, added: readonly UploadItem[]): void {
  const now = new Set(ids(r));
  const kept = added.filter((item) => now.has(item.id));
  r.model.added(kept);
  r.world.tracker.added(kept);
}

const configure = (r: Real, options: Partial<UploaderOptions>) => r.world.uploader.configure(options);

const arbitraries: [number, fc.Arbitrary<Cmd>][] = [
  [
    4,
    fc
      .record({ count: fc.integer({ min: 1, max: 3 }), kind: fc.constantFrom('video', 'video', 'text', 'empty') })
      .map(({ count, kind }) =>
        command(`add ${count} ${kind}`, (r) => {
          const files = Array.from({ length: count }, () => {
            const n = ++r.files;
            return kind === 'text'
              ? new File(['x'], `f${n}.txt`, { type: 'text/plain' })
              : new File([kind === 'empty' ? '' : 'x'.repeat(1000 + n)], `f${n}.mp4`, { type: 'video/mp4' });
          });
          listed(r, r.world.uploader.add(files));
        }),
      ),
  ],
  [
    1,
    fc.constantFrom('url', 's3', 'bad').map((kind) =>
      command(`link ${kind}`, (r) => {
        const n = ++r.files;
        const { uploader } = r.world;
        const item =
          kind === 's3'
            ? uploader.addS3('bucket-one', `v${n}.mp4`)
            : uploader.addUrl(kind === 'bad' ? `ftp://x/${n}.mp4` : `https://cdn.example/v${n}.mp4`);
        listed(r, [item]);
      }),
    ),
  ],
  [1, fc.constant(command('start', (r) => calls.start(r)))],
  [
    1,
    fc
      .option(fc.nat())
      .map((i) => command(`cancel ${i ?? 'all'}`, (r) => calls.cancel(r, i === null ? undefined : pick(ids(r), i)))),
  ],
  [
    2,
    fc
      .option(fc.nat())
      .map((i) => command(`retry ${i ?? 'all'}`, (r) => calls.retry(r, i === null ? undefined : pick(ids(r), i)))),
  ],
  [1, fc.nat().map((i) => command(`remove ${i}`, (r) => calls.remove(r, pick(ids(r), i))))],
  [1, fc.constant(command('clear', (r) => calls.clear(r)))],
  [
    1,
    fc
      .constantFrom(undefined, 'p1', 'p2')
      .map((projectId) => command(`project ${projectId}`, (r) => configure(r, { projectId }))),
  ],
  [
    1,
    fc.constantFrom('A' as const, 'B' as const).map((source) =>
      command(`source ${source}`, (r) => {
        r.world.source = source;
        configure(r, { getToken: r.world.sources[source].getToken });
      }),
    ),
  ],
  [
    1,
    fc
      .integer({ min: 1, max: 3 })
      .map((n) =>
        command(
          `concurrency ${n}`,
          (r) => (r.world.tracker.concurrencyChanged(), (r.world.concurrency = n), configure(r, { concurrency: n })),
        ),
      ),
  ],
  [
    1,
    fc
      .integer({ min: 0, max: 5 })
      .map((n) => command(`retries ${n}`, (r) => ((r.world.retries = n), configure(r, { retries: n })))),
  ],
  [
    1,
    fc
      .constantFrom('none', 'pending', 'sync')
      .map((mode) => command(`hook ${mode}`, (r) => configure(r, { beforeUpload: hook(r, mode) }))),
  ],
  [1, fc.boolean().map((manual) => command(`manual ${manual}`, (r) => configure(r, { manual })))],
  [
    1,
    fc
      .boolean()
      .map((on) =>
        command(`wait-for-ready ${on}`, (r) => ((r.world.waitForReady = on), configure(r, { waitForReady: on }))),
      ),
  ],
  [
    4,
    fc.record({ i: fc.nat(), fraction: fc.constantFrom(0.4, 1) }).map(({ i, fraction }) =>
      command(`progress ${i} ${fraction}`, (r) => {
        const request = pick(pendingOf(r, 'send'), i);
        if (request) r.world.transport.progress(request, fraction);
      }),
    ),
  ],
  [
    6,
    fc
      .record({
        i: fc.nat(),
        kind: fc.constantFrom<SendAnswer>(
          'ok',
          'ok',
          'ok',
          'garbage',
          'rejected',
          'unauthorized',
          'unauthorized',
          'unauthorized',
          'timeout',
          'busy',
          'busyUnreadable',
          'broken',
          'unavailable',
          'reset',
          'reset',
          'throws',
        ),
      })
      .map(({ i, kind }) =>
        command(`answer ${i} ${kind}`, async (r) => {
          await onTheWire(r, 'send');
          answerSend(r, i, kind);
        }),
      ),
  ],
  [
    5,
    fc
      .record({
        i: fc.nat(),
        kind: fc.constantFrom('good' as const, 'good' as const, 'soon' as const, 'fail' as const),
      })
      .map(({ i, kind }) => command(`token ${i} ${kind}`, (r) => answerToken(r, i, kind))),
  ],
  [
    2,
    fc
      .record({
        i: fc.nat(),
        kind: fc.constantFrom('fields' as const, 'fields' as const, 'false' as const, 'throw' as const),
      })
      .map(({ i, kind }) => command(`hook answer ${i} ${kind}`, (r) => answerHook(r, i, kind))),
  ],
  [
    4,
    fc
      .record({
        i: fc.nat(),
        kind: fc.constantFrom<PollAnswer>('processing', 'ready', 'failed', '401', '401', '500', 'garbage', 'garbage'),
      })
      .map(({ i, kind }) =>
        command(`poll ${i} ${kind}`, async (r) => {
          await onTheWire(r, 'poll');
          answerPoll(r, i, kind);
        }),
      ),
  ],
  [
    3,
    fc
      .constantFrom(50, 1500, 2500, 16_000, 31_000, 601_000)
      .map((ms) => command(`advance ${ms}`, (r) => r.world.clock.advance(ms))),
  ],
  [1, fc.constant(command('offline', (r) => void (r.world.network.offline = true)))],
  [1, fc.constant(command('online', (r) => r.world.network.goOnline()))],
  [1, fc.boolean().map((on) => command(`watch ${on}`, (r) => r.world.uploader.watchProcessing(on)))],
];

const commands = arbitraries.flatMap(([weight, arb]) => Array<fc.Arbitrary<Cmd>>(weight).fill(arb));

function hook(r: Real, mode: string): UploaderOptions['beforeUpload'] {
  if (mode === 'none') return undefined;
  return (item) => {
    if (mode === 'sync') return { description: 'described by the page' };
    return new Promise<BeforeUploadResult>((resolve, reject) => r.hooks.push({ id: item.id, resolve, reject }));
  };
}

/** Listeners that call back into the engine from inside an event, as apps do. */
const meddles = meddle(['cancel', 'retry', 'remove', 'start', 'clear', 'cancel all', 'retry all', 'concurrency']);

interface Setup {
  seed: number;
  waitForReady: boolean;
  retries: number;
  manual: boolean;
  meddles: Meddle[];
}

function setup(s: Setup, reached: Reached): Real {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const transport = new FakeTransport(clock);
  const sources = { A: new FakeTokenSource('A', clock), B: new FakeTokenSource('B', clock) };
  const real = { hooks: [], files: 0, meddleBudget: 20 } as unknown as Real;
  const tracker = new Tracker(() => real.world);
  real.model = new Model(() => real.world);
  const options = { waitForReady: s.waitForReady, retries: s.retries, manual: s.manual, multiple: true };
  const uploader = createUploader(
    { getToken: sources.A.getToken, uploadUrl: 'https://upload.test/', apiUrl: 'https://api.test', ...options },
    fakeRuntime(clock, network, transport, s.seed),
  );
  tracker.listen(uploader);
  uploader.addEventListener(EventName.uploadRetry, ({ detail }) =>
    real.model.retried(detail.item.id, detail.delayMs, (text) => tracker.violation(text)),
  );
  real.world = {
    uploader,
    clock,
    network,
    transport,
    sources,
    source: 'A',
    concurrency: 2,
    tracker,
    reached,
    ...options,
  };
  reached.watch(uploader);
  for (const m of s.meddles) {
    uploader.addEventListener(m.event, (event) => {
      if (real.meddleBudget-- <= 0) return;
      reached.meddled(m);
      // The listener sees the item as the event tells it; what the engine did to it so far is taken as shown.
      real.model.observe();
      const id = (event as CustomEvent).detail.item?.id as string | undefined;
      if (m.call === 'cancel') calls.cancel(real, id);
      else if (m.call === 'retry') calls.retry(real, id);
      else if (m.call === 'remove') calls.remove(real, id);
      else if (m.call === 'cancel all') calls.cancel(real);
      else if (m.call === 'retry all') calls.retry(real);
      else if (m.call === 'clear') calls.clear(real);
      else if (m.call === 'start') calls.start(real);
      else {
        real.world.tracker.concurrencyChanged();
        configure(real, { concurrency: (real.world.concurrency = 1 + (real.meddleBudget % 3)) });
      }
    });
  }
  return real;
}

/** Liveness: with every answer good and time passing, every item ends, as the model says it does. */
async function drain(r: Real): Promise<void> {
  const { world } = r;
  world.network.goOnline();
  world.uploader.watchProcessing(true);
  configure(r, { manual: false, beforeUpload: undefined });
  calls.start(r);
  for (let round = 0; round < 40 && !r.model.settled; round++) {
    while (r.hooks.length) answerHook(r, 0, 'fields');
    for (const source of Object.values(world.sources)) while (source.pending.length) source.answer(0, 'good');
    await settle();
    // One at a time: the model writes each outcome down just before the engine hears of it.
    while (pendingOf(r, 'send').length) {
      answerSend(r, 0, 'ok');
      await settle();
    }
    while (pendingOf(r, 'poll').length) {
      answerPoll(r, 0, 'ready');
      await settle();
    }
    verify(r, `drain round ${round}`);
    await world.clock.advance(31_000);
  }
  verify(r, 'the end');
  const unended = world.uploader.items.filter((i) => /queued|uploading|processing/.test(i.status));
  assert.deepEqual(
    unended.map((i) => `${i.id} ${i.phase}`),
    [],
    'every item ended',
  );
  for (const item of world.uploader.items) world.reached.end(item);
}

test(`engine model: ${RUNS} random runs predict every answer's outcome and keep every invariant`, async () => {
  const reached = new Reached();
  let current: Tracker | undefined;
  const onUnhandled = (reason: unknown) => current?.unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          waitForReady: fc.boolean(),
          retries: fc.integer({ min: 0, max: 5 }),
          manual: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
          meddles: fc.array(meddles, { maxLength: 3 }),
        }),
        fc.commands(commands, { maxCommands: 60, size: 'max' }),
        async (s, cmds) => {
          const real = setup(s, reached);
          current = real.world.tracker;
          reached.run(s);
          try {
            await fc.asyncModelRun(() => ({ model: real.model, real }), cmds);
            await drain(real);
          } finally {
            real.world.uploader.dispose();
          }
        },
      ),
      {
        numRuns: RUNS,
        includeErrorInReport: true,
        seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined,
      },
    );
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  console.log(reached.table());
  // A thousand runs reach every row; fewer (a mutation run's) may miss a rare one.
  if (RUNS >= 1000) assert.deepEqual(reached.missing(), [], 'every phase, answer and end is reached in some run');
});
