import type { ItemStatus } from './types.js';

/** The only moves an item may make; anything else is a bug in the engine. */
const transitions: Record<ItemStatus, readonly ItemStatus[]> = {
  queued: ['uploading', 'cancelled', 'rejected'],
  uploading: ['processing', 'succeeded', 'failed', 'cancelled'],
  processing: ['succeeded', 'failed'],
  failed: ['queued'],
  cancelled: ['queued'],
  succeeded: [],
  rejected: [],
};

export class IllegalTransitionError extends Error {
  constructor(from: ItemStatus, to: ItemStatus) {
    super(`An upload item cannot go from "${from}" to "${to}".`);
    this.name = 'IllegalTransitionError';
  }
}

export function canMove(from: ItemStatus, to: ItemStatus): boolean {
  return transitions[from].includes(to);
}

/** Moves `item` to `to`, throwing when the move is not allowed. */
export function moveTo(item: { status: ItemStatus }, to: ItemStatus): void {
  if (!canMove(item.status, to)) throw new IllegalTransitionError(item.status, to);
  item.status = to;
}

/** Still to be sent or being sent. */
export function isActive(status: ItemStatus): boolean {
  return status === 'queued' || status === 'uploading' || status === 'processing';
}

/** Finished one way or another: can be cleared from the list. */
export function isFinished(status: ItemStatus): boolean {
  return !isActive(status);
}
