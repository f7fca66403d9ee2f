import fc from 'fast-check';
import { EventName, type UploadItem, type Uploader } from '../../src/core/index.js';

/** A listener's call back into the engine from inside an event. */
export interface Meddle {
  event: (typeof EventName)[keyof typeof EventName];
  call: string;
}

/** A listener that calls back into the engine from inside an event, as apps do: one of `calls` from one of `events`. */
export const meddle = (
  calls: readonly string[],
  events: readonly Meddle['event'][] = Object.values(EventName),
): fc.Arbitrary<Meddle> => fc.record({ event: fc.constantFrom(...events), call: fc.constantFrom(...calls) });

const PHASES = ['held', 'waiting', 'asking', 'authorizing', 'sending', 'finishing', 'backing-off', 'offline'];
const PHASE_ROWS = [...PHASES, 'processing', 'succeeded', 'failed', 'cancelled', 'rejected'];
const ANSWERS = ['ok', 'garbage', 'rejected', 'unauthorized', 'timeout', 'busy', 'busyUnreadable', 'broken']
  .concat(['unavailable', 'reset', 'throws'])
  .concat(['processing', 'ready', 'failed', '401', '500', 'garbage'].map((k) => `status ${k}`));
const ENDS = ['succeeded', 'media ready', 'processing_failed', 'processing_unknown', 'failed wistia_rejected']
  .concat(['failed unauthorized', 'failed invalid_response', 'failed server', 'failed network', 'failed stalled'])
  .concat(['failed token_failed', 'failed internal', 'cancelled', 'rejected']);
const SETUP = ['wait-for-ready', 'retries 0', 'retries 5', 'listeners call back'];

/** Rows of the table, by group: the engine model's unless a model gives its own. */
export type Rows = [string, string[]][];
const ENGINE_ROWS: Rows = [
  ['setup', SETUP],
  ['phase', PHASE_ROWS.map((p) => `phase ${p}`)],
  ['answer', ANSWERS.map((a) => `answer ${a}`)],
  ['end', ENDS.map((e) => `end ${e}`)],
];

/** How many runs reach each phase, answer kind and end: a model test that never gets there proves nothing there. */
export class Reached {
  readonly #runs = new Map<string, number>();
  #thisRun = new Set<string>();
  #total = 0;

  constructor(private readonly rows: Rows = ENGINE_ROWS) {}

  /** A new run begins: what the last one reached is counted once. */
  run(setup: { waitForReady?: boolean; retries: number; meddles: Meddle[] }): void {
    this.#count();
    this.#total++;
    if (setup.waitForReady) this.#thisRun.add('wait-for-ready');
    this.#thisRun.add(`retries ${setup.retries}`);
  }

  watch(uploader: Uploader): void {
    uploader.subscribe(() => {
      for (const item of uploader.items) this.#thisRun.add(`phase ${item.phase}`);
    });
    uploader.addEventListener(EventName.mediaReady, () => this.#thisRun.add('end media ready'));
    uploader.addEventListener(EventName.uploadError, (e) => {
      // A resumable upload's relay that kept refusing fails `server` too; its row is its own.
      const code = e.detail.error.reason === 'errorRelayRefused' ? 'relay refused' : e.detail.error.code;
      this.#thisRun.add(code.startsWith('processing_') ? `end ${code}` : `end failed ${code}`);
    });
    uploader.addEventListener(EventName.uploadCancel, () => this.#thisRun.add('end cancelled'));
    uploader.addEventListener(EventName.fileReject, () => this.#thisRun.add('end rejected'));
    uploader.addEventListener(EventName.uploadSuccess, () => this.#thisRun.add('end succeeded'));
  }

  answer(kind: string): void {
    this.#thisRun.add(`answer ${kind}`);
  }

  /** Any other row a model counts. */
  saw(key: string): void {
    this.#thisRun.add(key);
  }

  meddled(m: Meddle): void {
    this.#thisRun.add('listeners call back');
    this.#thisRun.add(`from ${m.event}`);
  }

  end(item: UploadItem): void {
    this.#thisRun.add(`phase ${item.phase}`);
  }

  #count(): void {
    for (const key of this.#thisRun) this.#runs.set(key, (this.#runs.get(key) ?? 0) + 1);
    this.#thisRun = new Set();
  }

  #rows(): Rows {
    return this.rows;
  }

  /** Rows no run reached. */
  missing(): string[] {
    this.#count();
    return this.#rows().flatMap(([, keys]) => keys.filter((key) => !this.#runs.get(key)));
  }

  table(): string {
    this.#count();
    const lines = [`reached in ${this.#total} runs:`, '| row | runs | % |', '| --- | ---: | ---: |'];
    for (const [, keys] of this.#rows()) {
      for (const key of keys) {
        const n = this.#runs.get(key) ?? 0;
        lines.push(`| ${key} | ${n} | ${((100 * n) / Math.max(1, this.#total)).toFixed(1)} |`);
      }
    }
    return lines.join('\n');
  }
}
