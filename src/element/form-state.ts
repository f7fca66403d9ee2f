import { isPending } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import type { Messages } from './messages.js';

/**
 * Being sent or waiting to be: what the `uploading` attribute, the unload guard and form validity count.
 * Processing is not in flight (the file is with Wistia), and an item held for Start in `manual` mode waits for
 * the user, not the network.
 */
export function inFlight(item: UploadItem): boolean {
  return item.status === 'uploading' || (item.status === 'queued' && item.phase !== 'held');
}

/** Succeeded uploads as the form sees them: one `name=<hashed_id>` entry each. */
function formValue(name: string | undefined, items: readonly UploadItem[]): FormData | null {
  const data = new FormData();
  for (const item of items)
    if (name && item.status === 'succeeded' && item.media) data.append(name, item.media.hashed_id);
  return [...data.keys()].length > 0 ? data : null;
}

/**
 * The form's view of the element: its value, and its validity — a custom error while anything is queued or being
 * sent, so a form cannot be submitted half-way; `valueMissing` when `required` and nothing succeeded.
 */
export function updateFormState(
  internals: ElementInternals,
  items: readonly UploadItem[],
  field: { name?: string; required: boolean },
  messages: Messages,
  anchor: HTMLElement | undefined,
): void {
  internals.setFormValue(formValue(field.name, items));
  if (items.some((item) => isPending(item.status))) {
    internals.setValidity({ customError: true }, messages.validityInFlight, anchor);
  } else if (field.required && !items.some((item) => item.status === 'succeeded' && item.media)) {
    internals.setValidity({ valueMissing: true }, messages.validityMissing, anchor);
  } else {
    internals.setValidity({});
  }
}
