import fc from 'fast-check';
import { createUploader, EventName, type Uploader } from '../../src/core/index.js';
import { FakeNetwork, FakeTransport, fakeRuntime, settle, type FakeClock, type FakeTokenSource } from './fakes.js';
import type { Meddle, Reached } from './reached.js';
import { metadataOf, type FakeTusRelay, type MemoryStore, type TusAnswer, type TusRequest } from './tus-relay.js';
import type { TusModel } from './tus-model.js';
import type { TusTracker } from './tus-tracker.js';

/** The commands of the resumable model (resumable.model.test.ts): each applies when the model says it can. */
export const CHUNK = 1000;

export interface World {
  uploader: Uploader;
  clock: FakeClock;
  relay: FakeTusRelay;
  store: MemoryStore;
  tokens: FakeTokenSource;
  tracker: TusTracker;
  model: TusModel;
  reached: Reached;
  retries: number;
  chunk: number;
  cancels: Map<string, number>;
  seed: number;
  meddles: Meddle[];
  /** Calls listeners may still make, so an app that retries every failure cannot go on for ever. */
  meddleBudget: number;
  files: number;
}

type Cmd = fc.AsyncCommand<TusModel, World>;
/** What `check` may read of the model: what it saw on the wire and the lives it expects. */
type Seen = Pick<TusModel, 'onWire' | 'lives'>;

/** A command that applies when `applies` says so: it acts, lets the engine settle, then holds it to the model. */
function command(name: string, act: (w: World) => unknown, applies: (m: Seen) => boolean = () => true): Cmd {
  return {
    check: (m) => applies(m),
    async run(_model, world) {
      await act(world);
      await turn(world, `after ${name}`);
    },
    toString: () => name,
  };
}

/** Tokens are always given: their failures are the engine model's. Then the step is held to model and rules. */
export async function turn(w: World, when: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    while (w.tokens.pending.length) w.tokens.answer(0, 'good');
    await settle();
  }
  w.tracker.check();
  w.model.check();
  const violations = [...w.tracker.violations, ...w.model.violations];
  if (violations.length) throw new Error(`${when}: ${violations.join('; ')}`);
}

/** The engine's methods as commands and listeners call them: the model and the tracker hear of each first. */
export const calls = {
  cancel(w: World, id?: string) {
    w.model.cancel(id);
    w.uploader.cancel(id);
  },
  retry(w: World, id?: string) {
    for (const item of w.uploader.items) {
      const revived =
        id === undefined ? item.status === 'failed' : item.id === id && /failed|cancelled/.test(item.status);
      // A new life counts its failures afresh; retry() of an item still going changes nothing.
      if (revived && !item.media) w.tracker.forget(item.name, item.id);
    }
    w.model.retry(id);
    w.uploader.retry(id);
  },
  remove(w: World, id?: string) {
    if (id === undefined || !w.model.lives.has(id)) return;
    w.model.remove(id);
    w.uploader.remove(id);
  },
};

export function connect(w: World): void {
  const transport = Object.assign(new FakeTransport(w.clock), { exchange: w.relay.exchange });
  const uploader = createUploader(
    { getToken: w.tokens.getToken, uploadUrl: 'https://relay.test/', resumable: true, stallTimeout: 0 },
    { ...fakeRuntime(w.clock, new FakeNetwork(), transport, w.seed), storage: w.store, chunkBytes: CHUNK },
  );
  w.uploader = uploader;
  uploader.configure({ retries: w.retries, multiple: true });
  w.tracker.listen(uploader);
  w.reached.watch(uploader);
  uploader.addEventListener(EventName.uploadRetry, ({ detail }) =>
    w.model.retried(detail.item.id, detail.delayMs, detail.error.reason),
  );
  uploader.addEventListener(EventName.uploadCancel, ({ detail }) =>
    w.cancels.set(detail.item.name, (w.cancels.get(detail.item.name) ?? 0) + 1),
  );
  for (const m of w.meddles)
    uploader.addEventListener(m.event, (event) => {
      if (w.meddleBudget-- <= 0 || w.uploader !== uploader) return;
      w.reached.meddled(m);
      const id = (event as CustomEvent).detail.item?.id as string | undefined;
      if (m.call === 'cancel all') calls.cancel(w);
      else if (m.call === 'retry all') calls.retry(w);
      else calls[m.call as 'cancel' | 'retry' | 'remove'](w, id);
    });
}

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
const idAt = (w: World, i: number) => pick(w.uploader.items, i)?.id;
const fileOf = (w: World, r: TusRequest) =>
  r.method === 'POST' ? metadataOf(r.options.headers['Upload-Metadata']).filename : w.relay.fileOf.get(r.url);
const uploads = (m: Seen) => m.onWire.filter((r) => r.method !== 'DELETE');

/**
 * An expiry is learnt from a `HEAD` or a chunk. An upload whose every byte the relay holds has gone to Wistia: its
 * expiry (a day later) would make a new one, as the contract says, which a run of minutes cannot tell from a bug.
 */
export function answer(w: World, request: TusRequest, kind: TusAnswer): void {
  const upload = w.relay.uploads.get(request.url);
  w.reached.answer(kind);
  w.relay.answer(request, kind === 'expired' && upload && upload.offset >= upload.length ? 'good' : kind);
}

const answers = fc
  .constantFrom<TusAnswer>('good', 'good', 'good', 'good', 'cut', 'lost', 'broken')
  .chain((k) => fc.constantFrom<TusAnswer>(k, k, k, 'unauthorized', 'stale', 'expired'));

const arbitraries: [number, fc.Arbitrary<Cmd>][] = [
  [
    2,
    fc.integer({ min: 1, max: 3500 }).map((size) =>
      command(`add ${size}`, (w) => {
        const file = new File(['x'.repeat(size)], `f${++w.files}.mp4`, { type: 'video/mp4' });
        w.model.added(w.uploader.add([file]));
      }),
    ),
  ],
  [
    12,
    fc.record({ i: fc.nat(), kind: answers }).map(({ i, kind }) =>
      command(
        `answer ${i} ${kind}`,
        (w) => answer(w, pick(w.model.onWire, i)!, kind),
        (m) => m.onWire.length > 0,
      ),
    ),
  ],
  [
    2,
    // A relay that refuses its own offset `times` in a row: the engine follows it a few turns, then retries.
    fc.record({ i: fc.nat(), times: fc.integer({ min: 1, max: 4 }) }).map(({ i, times }) =>
      command(
        `refuse ${i} ${times}`,
        async (w) => {
          const file = fileOf(w, pick(uploads(w.model), i)!);
          for (let n = 0, refused = 0; n < 2 * times && refused < times; n++) {
            const request = uploads(w.model).find((r) => fileOf(w, r) === file);
            if (!request) break;
            if (request.method === 'PATCH') refused++;
            answer(w, request, 'stale');
            await turn(w, `refusal ${n}`);
          }
        },
        (m) => uploads(m).length > 0,
      ),
    ),
  ],
  [
    2,
    fc.record({ i: fc.nat(), fraction: fc.constantFrom(0.5, 1) }).map(({ i, fraction }) =>
      command(
        `progress ${i} ${fraction}`,
        (w) => {
          const request = pick(
            w.model.onWire.filter((r) => r.bytes > 0),
            i,
          )!;
          w.model.progressed(request, fraction);
          w.relay.progress(request, fraction);
        },
        (m) => m.onWire.some((r) => r.bytes > 0),
      ),
    ),
  ],
  [
    1,
    // The whole chunk is out and no answer comes: past the last byte of a file, the answer limit gives it up.
    fc.nat().map((i) =>
      command(
        `silent ${i}`,
        async (w) => {
          const request = pick(
            w.model.onWire.filter((r) => r.method === 'PATCH' && r.bytes > 0),
            i,
          )!;
          w.model.progressed(request, 1);
          w.relay.progress(request, 1);
          // Just short of the limit nothing gives up; just past it, the answer is given up.
          for (const ms of [599_000, 2000]) {
            await turn(w, 'waiting for the answer');
            w.model.advancing(ms);
            await w.clock.advance(ms);
          }
        },
        (m) => m.onWire.some((r) => r.method === 'PATCH' && r.bytes > 0),
      ),
    ),
  ],
  [
    2,
    fc
      .constantFrom(1500, 31_000, 31_000, 601_000)
      .map((ms) => command(`advance ${ms}`, (w) => (w.model.advancing(ms), w.clock.advance(ms)))),
  ],
  [
    1,
    fc.nat().map((i) =>
      command(
        `cancel ${i}`,
        (w) => calls.cancel(w, idAt(w, i)),
        (m) => m.lives.size > 0,
      ),
    ),
  ],
  [
    1,
    fc.option(fc.nat()).map((i) =>
      command(
        `retry ${i ?? 'all'}`,
        (w) => calls.retry(w, i === null ? undefined : idAt(w, i)),
        (m) => [...m.lives.values()].some((l) => l.state === 'failed' || l.state === 'cancelled'),
      ),
    ),
  ],
  [
    1,
    fc.nat().map((i) =>
      command(
        `remove ${i}`,
        (w) => calls.remove(w, idAt(w, i)),
        (m) => m.lives.size > 0,
      ),
    ),
  ],
  [
    1,
    fc.integer({ min: 0, max: 3 }).map((n) =>
      command(`retries ${n}`, (w) => {
        w.retries = n;
        w.uploader.configure({ retries: n });
      }),
    ),
  ],
  [
    1,
    fc.constant(
      command(
        'reload',
        (w) => {
          // The page goes away mid-upload; the visitor comes back and adds the same files again.
          const again = w.uploader.items.filter((it) => it.status !== 'succeeded').map((it) => it.file!);
          w.model.reload();
          w.uploader.dispose();
          connect(w);
          for (const file of again) w.tracker.forget(file.name);
          w.tracker.reloaded();
          w.model.added(w.uploader.add(again));
        },
        (m) => m.lives.size > 0,
      ),
    ),
  ],
];
export const commands = arbitraries.flatMap(([weight, arb]) => Array<fc.Arbitrary<Cmd>>(weight).fill(arb));
