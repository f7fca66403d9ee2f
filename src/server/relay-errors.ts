// What the relay's body readers and its upstream request share: a refusal with a status, and a pull-based body.

/** A body the relay refuses, with the status Wistia would give. */
export class RelayBodyError extends Error {
  override readonly name = 'RelayBodyError';
  constructor(
    readonly status: 400 | 408 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** A body read chunk by chunk (undefined at its end), lighter than a stream for the one reader it has. */
export interface BodySource {
  read(): Promise<Uint8Array | undefined>;
  cancel(reason?: unknown): Promise<void>;
}
