/**
 * Events wait here until the step that caused them is complete, so no listener ever sees, or acts on, an item
 * half-way through a move. A listener may call back into the engine: that call is a step of its own, and its
 * events are told after the ones already waiting, in order.
 */
export class Outbox {
  readonly #events: Event[] = [];
  /** The next event to tell: an index, as shifting a long array each time would be quadratic. */
  #next = 0;
  #depth = 0;
  #telling = false;
  #settle = false;
  #closed = false;

  constructor(
    private readonly dispatch: (event: Event) => void,
    /** Runs when every waiting event has been told, if a step asked for it: it may queue more. */
    private readonly settle: () => void,
  ) {}

  /** Runs `step`; what it tells waits until the outermost step is done. */
  run<T>(step: () => T): T {
    this.#depth++;
    try {
      return step();
    } finally {
      if (--this.#depth === 0) this.#drain();
    }
  }

  tell(event: Event): void {
    if (this.#closed) return;
    this.#events.push(event);
    if (this.#depth === 0) this.#drain();
  }

  /** Asks for `settle` once the events of this step have been told. */
  settleLater(): void {
    this.#settle = true;
    if (this.#depth === 0) this.#drain();
  }

  /** Nothing more is told. */
  close(): void {
    this.#closed = true;
    this.#events.length = this.#next = 0;
    this.#settle = false;
  }

  #drain(): void {
    // A listener's own call returns here; the loop below tells what it caused.
    if (this.#telling) return;
    this.#telling = true;
    try {
      for (;;) {
        const event = this.#events[this.#next];
        if (event) {
          this.#next++;
          if (!this.#closed) this.dispatch(event);
        } else if (((this.#events.length = this.#next = 0), this.#settle && !this.#closed)) {
          this.#settle = false;
          this.run(this.settle);
        } else break;
      }
    } finally {
      this.#telling = false;
    }
  }
}
