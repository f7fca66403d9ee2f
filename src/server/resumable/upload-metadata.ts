// The fields of a resumable upload travel in tus `Upload-Metadata`: checked like the one-request form's fields when
// the upload is created, and turned into the fields Wistia receives when it is finished.

import { RelayBodyError } from '../relay-errors.js';
import { checkedMediaFields, MEDIA_FIELDS, type FieldList } from '../relay-fields.js';
import type { RelayTokenClaims } from '../relay-token.js';

export type UploadMetadata = Record<string, string | null> | undefined;

/** The keys a resumable upload may carry: the file's name and type, then the media fields. */
export const METADATA_KEYS: readonly string[] = ['filename', 'filetype', ...MEDIA_FIELDS];

/** What goes to Wistia for a finished upload. */
export interface WistiaForm {
  fields: FieldList;
  filename: string;
  filetype: string;
  /** The project the upload was created for (the creating token's), null for Wistia's default one. */
  projectId: string | null;
}

/** Refuses unknown keys and a project other than the token's (400), as the one-request form does. */
export function checkUploadMetadata(metadata: UploadMetadata, claims: RelayTokenClaims): void {
  const unknown = Object.keys(metadata ?? {}).find((key) => !METADATA_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new RelayBodyError(400, `The metadata "${unknown.slice(0, 40)}" is not accepted here.`);
  }
  checkedMediaFields(claims, presentFields(metadata));
}

/** The checked fields, the file's name and type, from metadata that passed `checkUploadMetadata`. */
export function wistiaForm(metadata: UploadMetadata): WistiaForm {
  const fields = presentFields(metadata);
  const sent = fields.get('project_id')?.trim() ?? '';
  const projectId = sent === '' ? null : sent;
  return {
    // Checked against the project it was created for, so the same rules build the same fields.
    fields: checkedMediaFields({ subject: '', projectId, expiresAt: 0, maxBytes: 0 }, fields),
    filename: fields.get('filename') || 'file',
    filetype: fields.get('filetype') ?? 'application/octet-stream',
    projectId,
  };
}

function presentFields(metadata: UploadMetadata): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(metadata ?? {})) if (value !== null) fields.set(key, value);
  return fields;
}
