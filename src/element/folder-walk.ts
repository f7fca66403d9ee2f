/** Files handed on at once: each batch is added in one short task, and the page stays responsive between them. */
export const FOLDER_BATCH = 50;

/** `.DS_Store`, `.git` and the like: nobody means to upload them. */
const isHidden = (entry: FileSystemEntry) => entry.name.startsWith('.');

/**
 * Every entry of a folder: a reader hands them out in batches (Chromium at most 100) until it returns none.
 * A read that fails ends the folder with what was read before it.
 */
async function readAll(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject)).catch(
      () => [],
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** The entry's file, named by its path inside the dropped folder as `<input webkitdirectory>` does. */
function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise<File>((resolve, reject) => entry.file(resolve, reject)).then((file) => {
    Object.defineProperty(file, 'webkitRelativePath', { value: entry.fullPath.replace(/^\//, ''), configurable: true });
    return file;
  });
}

/**
 * Every file inside the folders, at any depth, in batches of at most `batchSize`, in the order the browser lists
 * them (a folder's files before its sub-folders). Hidden files and folders are skipped; an entry the browser cannot
 * read is skipped too, so one unreadable folder does not lose the rest of the drop.
 */
export async function* filesInFolders(
  folders: readonly FileSystemDirectoryEntry[],
  batchSize = FOLDER_BATCH,
): AsyncGenerator<File[]> {
  const stack = [...folders].reverse();
  const files: File[] = [];
  while (stack.length > 0) {
    const children = await readAll(stack.pop()!);
    const visible = children.filter((entry) => !isHidden(entry));
    const entries = visible.filter((entry) => entry.isFile) as FileSystemFileEntry[];
    // A batch of files asked for at a time: thousands of answers at once make one long task in the browser.
    for (let start = 0; start < entries.length; start += batchSize) {
      const slice = entries.slice(start, start + batchSize);
      for (const file of await Promise.all(slice.map((entry) => fileOf(entry).catch(() => null)))) {
        if (file) files.push(file);
      }
      if (files.length >= batchSize) {
        yield files.splice(0, batchSize);
      }
    }
    const subfolders = visible.filter((entry) => entry.isDirectory) as FileSystemDirectoryEntry[];
    stack.push(...subfolders.reverse());
  }
  if (files.length > 0) yield files;
}
