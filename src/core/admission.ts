import { appFields, inferredType, overFileLimit, rejectFile, tooManyAtOnce } from './file-rules.js';
import { freshLife, type Entry } from './item-index.js';
import { PhaseRun, statusOfPhase } from './item-phase.js';
import { linkItem, type NormalisedLink } from './link-rules.js';
import type { Clock } from './clock.js';
import { truncateName } from './wistia-defaults.js';
import type { ItemPhase, MediaFields, UploadError, UploadItem } from './types.js';

/** What a new file or link brings to its item; the queue gives it an id, a phase and a status. */
export type NewItem = Omit<UploadItem, 'id' | 'status' | 'phase' | 'loaded' | 'attempts'>;

/** A file or link as it is taken: its fields, and the reason it is refused if it is. */
export interface Candidate {
  fields: NewItem;
  error?: UploadError;
}

/** The options that decide whether a file is taken. */
export interface FileLimits {
  multiple: boolean;
  accept: string;
  maxFileSize: number;
  maxFiles: number;
}

/** Each file of one `add()`, checked in order; `counted` is how many items already count against `maxFiles`. */
export function fileCandidates(files: Iterable<File>, limits: FileLimits, counted: number): Candidate[] {
  const max = limits.multiple ? undefined : 1;
  const taken: Candidate[] = [];
  let count = counted;
  for (const file of files) {
    const error =
      max !== undefined && taken.length >= max
        ? tooManyAtOnce(max)
        : rejectFile(file, {
            accept: limits.accept,
            maxFileSize: limits.maxFileSize,
            maxFiles: limits.maxFiles,
            count,
          });
    const { name, size } = file;
    taken.push({ fields: { source: 'file', name, size, type: inferredType(file), file, total: size }, error });
    if (!error) count++;
  }
  return taken;
}

/** A link or S3 object, refused when it is not one Wistia imports or when the list is full. */
export function linkCandidate(
  link: NormalisedLink,
  fields: MediaFields,
  original: string,
  maxFiles: number,
  counted: number,
): Candidate {
  const error = link.kind === 'invalid' ? link.error : overFileLimit(maxFiles, counted);
  return { fields: { ...appFields(fields), ...linkItem(link, original, fields.name), total: 0 }, error };
}

let sequence = 0;
const newId = () => `wu-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

/** The entry of a new item: queued in `phase`, or rejected with `error`. */
export function newEntry({ fields, error }: Candidate, phase: ItemPhase, clock: Clock): Entry {
  // Cut by code points and before the extension: slicing UTF-16 units could split an emoji and lose the type.
  const name = truncateName(fields.name);
  const item: UploadItem = {
    loaded: 0,
    attempts: 0,
    ...fields,
    name,
    id: newId(),
    status: statusOfPhase(phase),
    phase,
  };
  if (error) item.error = error;
  return { item, phase: new PhaseRun(item.phase, clock), life: freshLife(), reported: 0 };
}
