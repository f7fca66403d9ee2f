import { isInFlight, isUploaded } from '../core/item-phase.js';
import type { UploadItem } from '../core/types.js';
import type { Messages } from './messages.js';

/** With Wistia and its media known: processing or not, what the form holds and `required` asks for. */
const uploaded = (item: UploadItem) => isUploaded(item.status) && !!item.media;

/** Succeeded uploads as the form sees them: one `name=<hashed_id>` entry each. */
function formValue(name: string | undefined, items: readonly UploadItem[]): FormData | null {
  const data = new FormData();
  for (const item of items) if (name && uploaded(item)) data.append(name, item.media!.hashed_id);
  return [...data.keys()].length > 0 ? data : null;
}

/**
 * The form's view of the element: its value, and its validity — a custom error while anything is in flight
 * (`isInFlight`: being sent or waiting to be; not held for Start, not processing), so a form cannot be submitted half-way; `valueMissing` when `required` and nothing succeeded. Processing
 * does not hold the form back.
 */
export function updateFormState(
  internals: ElementInternals,
  items: readonly UploadItem[],
  field: { name?: string; required: boolean; renderRoot?: ParentNode },
  messages: Messages,
): void {
  // A browser showing the validity message points at the picker button.
  const anchor = field.renderRoot?.querySelector<HTMLElement>('.choose') ?? undefined;
  internals.setFormValue(formValue(field.name, items));
  if (items.some(isInFlight)) {
    internals.setValidity({ customError: true }, messages.validityInFlight, anchor);
  } else if (field.required && !items.some(uploaded)) {
    internals.setValidity({ valueMissing: true }, messages.validityMissing, anchor);
  } else {
    internals.setValidity({});
  }
}
