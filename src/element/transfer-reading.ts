/** What a drop or a paste carries, read from its `DataTransfer`. */
export interface TransferContent {
  files: File[];
  /** Links, one per line of `text/uri-list` or, failing that, of plain text. */
  links: string[];
}

/** True while a drag carries something the uploader can take: files or a link. */
export function carriesUploadable(data: DataTransfer | null): boolean {
  if (!data) return false;
  const types = Array.from(data.types);
  return types.includes('Files') || types.includes('text/uri-list') || types.includes('text/plain');
}

export function readTransfer(data: DataTransfer | null): TransferContent {
  if (!data) return { files: [], links: [] };
  const files = Array.from(data.files);
  if (files.length > 0) return { files, links: [] };
  const uriList = data.getData('text/uri-list');
  // text/uri-list allows comment lines starting with '#'.
  const source = uriList
    ? uriList.split(/\r?\n/).filter((line) => !line.startsWith('#'))
    : data.getData('text/plain').split(/\r?\n/);
  return { files: [], links: source.map((line) => line.trim()).filter(Boolean) };
}
