import fc from 'fast-check';
import { test } from 'node:test';
import { createUploader, type BeforeUploadResult, type UploaderOptions } from '../../src/core/index.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';
import { subjectOf, Tracker, type World } from './tracker.js';

/** Runs in `npm test`; `npm run soak` and MODEL_RUNS=… run many more. */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000);

interface Hooks {
  mode: 'none' | 'pending' | 'sync';
  pending: { resolve(v: BeforeUploadResult): void; reject(e: unknown): void }[];
}

interface Real {
  world: World;
  hooks: Hooks;
  files: number;
}

type Cmd = fc.AsyncCommand<object, Real>;

/** A command that acts, lets the engine settle, then holds it to every invariant. */
function command(name: string, act: (r: Real) => void | Promise<void>, can: (r: Real) => boolean = () => true): Cmd {
  return {
    check: () => true,
    async run(_model, real) {
      if (!can(real)) return;
      await act(real);
      await settle();
      real.world.tracker.check();
      const { violations } = real.world.tracker;
      if (violations.length) throw new Error(`after ${name}: ${violations.join('; ')}`);
    },
    toString: () => name,
  };
}

const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
const ids = (r: Real) => r.world.uploader.items.map((i) => i.id);

const media = (n: number, status?: string) =>
  JSON.stringify({ id: n, hashed_id: `h${n}abcdef`, name: `m${n}`, type: 'Video', created: 'c', updated: 'u', status });

const answers = {
  ok: { status: 200, body: media(1) },
  rejected: { status: 400, body: '{"error":"This account has exceeded its video limit."}' },
  unauthorized: { status: 401, body: '<html>Unauthorized</html>' },
  timeout: { status: 408, body: '' },
  busy: { status: 429, body: '', retryAfter: '2' },
  busyUnreadable: { status: 429, body: '', retryAfter: null },
  broken: { status: 500, body: '{"error":"oops"}' },
  unavailable: { status: 503, body: '' },
  garbage: { status: 200, body: '{"not":"media"' },
};

// Weights by position in `commands`: add, link, …; missing ones count 1.
const weights = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 5, 4, 2, 2, 3];

const commands = [
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
        r.world.tracker.added(r.world.uploader.add(files));
      }),
    ),
  fc.constantFrom('url', 's3', 'bad').map((kind) =>
    command(`link ${kind}`, (r) => {
      const n = ++r.files;
      const item =
        kind === 's3'
          ? r.world.uploader.addS3('bucket-one', `v${n}.mp4`)
          : r.world.uploader.addUrl(kind === 'bad' ? `ftp://x/${n}.mp4` : `https://cdn.example/v${n}.mp4`);
      r.world.tracker.added([item]);
    }),
  ),
  fc.constant(command('start', (r) => r.world.uploader.start())),
  fc
    .option(fc.nat())
    .map((i) =>
      command(`cancel ${i ?? 'all'}`, (r) => r.world.uploader.cancel(i === null ? undefined : pick(ids(r), i))),
    ),
  fc.option(fc.nat()).map((i) =>
    command(`retry ${i ?? 'all'}`, (r) => {
      const id = i === null ? undefined : pick(ids(r), i);
      const revived = r.world.uploader.items
        .filter((it) =>
          id === undefined ? it.status === 'failed' : it.id === id && /failed|cancelled/.test(it.status),
        )
        .map((it) => it.id);
      // Told before the call: the new life's first events can come from inside it.
      r.world.tracker.revived(revived);
      r.world.uploader.retry(id);
    }),
  ),
  fc.nat().map((i) =>
    command(`remove ${i}`, (r) => {
      const id = pick(ids(r), i);
      if (!id) return;
      r.world.tracker.removing = id;
      r.world.uploader.remove(id);
      r.world.tracker.removing = undefined;
      r.world.tracker.gone([id]);
    }),
  ),
  fc.constant(
    command('clear', (r) => {
      const finished = r.world.uploader.items.filter((it) => /succeeded|failed|cancelled|rejected/.test(it.status));
      r.world.uploader.clear();
      r.world.tracker.gone(finished.map((it) => it.id));
    }),
  ),
  fc
    .constantFrom(undefined, 'p1', 'p2')
    .map((projectId) => command(`project ${projectId}`, (r) => r.world.uploader.configure({ projectId }))),
  fc.constantFrom('A' as const, 'B' as const).map((source) =>
    command(`source ${source}`, (r) => {
      r.world.source = source;
      r.world.uploader.configure({ getToken: r.world.sources[source].getToken });
    }),
  ),
  fc.integer({ min: 1, max: 3 }).map((concurrency) =>
    command(`concurrency ${concurrency}`, (r) => {
      r.world.concurrency = concurrency;
      r.world.uploader.configure({ concurrency });
    }),
  ),
  fc.integer({ min: 0, max: 3 }).map((retries) =>
    command(`retries ${retries}`, (r) => {
      r.world.retries = retries;
      r.world.uploader.configure({ retries });
    }),
  ),
  fc.constantFrom('none' as const, 'pending' as const, 'sync' as const).map((mode) =>
    command(`hook ${mode}`, (r) => {
      r.hooks.mode = mode;
      r.world.uploader.configure({ beforeUpload: mode === 'none' ? undefined : hook(r.hooks) });
    }),
  ),
  fc.boolean().map((manual) => command(`manual ${manual}`, (r) => r.world.uploader.configure({ manual }))),
  fc.boolean().map((on) => command(`wait-for-ready ${on}`, (r) => r.world.uploader.configure({ waitForReady: on }))),
  fc.record({ i: fc.nat(), fraction: fc.constantFrom(0.4, 1) }).map(({ i, fraction }) =>
    command(`progress ${i} ${fraction}`, (r) => {
      const request = pick(
        r.world.transport.pending.filter((q) => q.kind === 'send'),
        i,
      );
      if (request) r.world.transport.progress(request, fraction);
    }),
  ),
  fc
    .record({
      i: fc.nat(),
      answer: fc.constantFrom(...(Object.keys(answers) as (keyof typeof answers)[]), 'reset', 'throws'),
    })
    .map(({ i, answer }) =>
      command(`answer ${i} ${answer}`, (r) => {
        const request = pick(
          r.world.transport.pending.filter((q) => q.kind === 'send'),
          i,
        );
        if (!request) return;
        const item = r.world.uploader.items.find((it) => subjectOf(it) === request.subject);
        const stats = item && r.world.tracker.stats.get(item.id);
        if (stats && answer === 'unauthorized') stats.unauthorized++;
        if (item && answer === 'throws') {
          // A bug somewhere below the engine: never a connection problem, never retried.
          r.world.tracker.threw.add(item.id);
          return request.fail(new TypeError('Cannot read properties of undefined'));
        }
        // Each media its own id, so status polls can be told apart.
        const answered =
          answer === 'ok' ? { status: 200, body: media(request.n) } : answers[answer as keyof typeof answers];
        request.settle(answer === 'reset' ? 'network' : answered);
      }),
    ),
  fc
    .record({ i: fc.nat(), kind: fc.constantFrom('good' as const, 'soon' as const, 'fail' as const) })
    .map(({ i, kind }) =>
      command(`token ${i} ${kind}`, (r) => {
        const source = r.world.sources[r.world.source];
        if (source.pending.length) source.answer(i % source.pending.length, kind);
        const other = r.world.sources[r.world.source === 'A' ? 'B' : 'A'];
        if (other.pending.length) other.answer(0, 'good');
      }),
    ),
  fc.record({ i: fc.nat(), kind: fc.constantFrom('fields', 'false', 'throw') }).map(({ i, kind }) =>
    command(`hook answer ${i} ${kind}`, (r) => {
      const [pending] = r.hooks.pending.splice(i % Math.max(1, r.hooks.pending.length), 1);
      if (!pending) return;
      if (kind === 'throw') pending.reject(new Error('Quota reached for today'));
      else pending.resolve(kind === 'false' ? false : { projectId: 'p2', name: `renamed-${i}.mp4` });
    }),
  ),
  fc.record({ i: fc.nat(), kind: fc.constantFrom('processing', 'ready', 'failed', '401', '500') }).map(({ i, kind }) =>
    command(`poll ${i} ${kind}`, (r) => {
      const request = pick(
        r.world.transport.pending.filter((q) => q.kind === 'poll'),
        i,
      );
      if (!request) return;
      const status = kind === '401' ? 401 : kind === '500' ? 500 : 200;
      const n = Number(/h(\d+)abcdef/.exec(request.url)?.[1]);
      request.settle({ status, body: status === 200 ? media(n, kind) : '' });
    }),
  ),
  fc
    .constantFrom(50, 1500, 16_000, 31_000, 601_000)
    .map((ms) => command(`advance ${ms}`, (r) => r.world.clock.advance(ms))),
  fc.constant(command('offline', (r) => void (r.world.network.offline = true))),
  fc.constant(command('online', (r) => r.world.network.goOnline())),
  fc.boolean().map((on) => command(`watch ${on}`, (r) => r.world.uploader.watchProcessing(on))),
];

/** The steps that move uploads along come up more often, so runs get past the first request. */
const weighted = commands.flatMap((arb, index) => Array<typeof arb>(weights[index] ?? 1).fill(arb));

function hook(hooks: Hooks): UploaderOptions['beforeUpload'] {
  return () => {
    if (hooks.mode === 'sync') return { description: 'described by the page' };
    return new Promise<BeforeUploadResult>((resolve, reject) => hooks.pending.push({ resolve, reject }));
  };
}

function setup(seed: number): Real {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const transport = new FakeTransport(clock);
  const sources = { A: new FakeTokenSource('A', clock), B: new FakeTokenSource('B', clock) };
  const real = {} as Real;
  const tracker = new Tracker(() => real.world);
  const uploader = createUploader(
    { getToken: sources.A.getToken, uploadUrl: 'https://upload.test/', apiUrl: 'https://api.test' },
    fakeRuntime(clock, network, transport, seed),
  );
  tracker.listen(uploader);
  real.world = { uploader, clock, network, transport, sources, source: 'A', concurrency: 2, retries: 3, tracker };
  real.hooks = { mode: 'none', pending: [] };
  real.files = 0;
  // console.warn is the one thing the engine may say: count it, keep the output clean.
  console.warn = () => void tracker.warned++;
  return real;
}

test(`engine model: ${RUNS} random runs of user actions, server answers and timers keep every invariant`, async () => {
  let current: Tracker | undefined;
  const onUnhandled = (reason: unknown) => current?.unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const warn = console.warn;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.commands(weighted, { maxCommands: 60, size: 'max' }),
        async (seed, cmds) => {
          const real = setup(seed);
          current = real.world.tracker;
          try {
            await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
            await settle();
            real.world.tracker.check();
            if (real.world.tracker.violations.length) throw new Error(real.world.tracker.violations.join('; '));
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
    console.warn = warn;
  }
});
