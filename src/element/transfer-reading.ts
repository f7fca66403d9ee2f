/** What a drop or a paste carries, read from its `DataTransfer`. */
export interface TransferContent {
  files: File[];
  /** Dropped folders, walked after the event (see folder-walk.ts). */
  folders: FileSystemDirectoryEntry[];
  /** Links, one per line of `text/uri-list` or, failing that, of plain text. */
  links: string[];
}

/** True while a drag carries something the uploader can take: files or a link. */
export function carriesUploadable(data: DataTransfer | null): boolean {
  if (!data) return false;
  const types = Array.from(data.types);
  return types.includes('Files') || types.includes('text/uri-list') || types.includes('text/plain');
}

/** Reads everything at once: a `DataTransfer`'s items are emptied when its event ends. */
export function readTransfer(data: DataTransfer | null): TransferContent {
  const content: TransferContent = { files: [], folders: [], links: [] };
  if (!data) return content;
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry?.isDirectory) content.folders.push(entry as FileSystemDirectoryEntry);
    else {
      const file = item.getAsFile();
      if (file) content.files.push(file);
    }
  }
  if (content.files.length === 0 && content.folders.length === 0) content.files = Array.from(data.files);
  if (content.files.length > 0 || content.folders.length > 0) return content;
  const uriList = data.getData('text/uri-list');
  // text/uri-list allows comment lines starting with '#'.
  const source = uriList
    ? uriList.split(/\r?\n/).filter((line) => !line.startsWith('#'))
    : data.getData('text/plain').split(/\r?\n/);
  content.links = source.map((line) => line.trim()).filter(Boolean);
  return content;
}
