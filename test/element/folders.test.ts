import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { FOLDER_BATCH, filesInFolders } from '../../src/element/folder-walk.js';
import type { WistiaUploader } from '../../src/wistia-uploader.js';
import { $, limitTo, mountUploader, part, settled, standin, videoFile } from './support.js';

/**
 * Entries as the File and Directory Entries API hands them out of a drop. A real folder drop cannot be scripted in
 * any of the three engines' automation here (a script-made DataTransfer holds files only), so the folder is built
 * from objects implementing FileSystemEntry; everything after the entries is the element's real path.
 */
type Tree = { [name: string]: Tree | File | 'unreadable' | 'broken-folder' };

/** Readers give at most this many entries per call, as Chromium does. */
const PER_READ = 100;

function entryOf(name: string, node: Tree[string], parent: string): FileSystemEntry {
  const fullPath = `${parent}/${name}`;
  const base = { name, fullPath, filesystem: {} as FileSystem, getParent: () => undefined };
  if (node instanceof File || node === 'unreadable') {
    return {
      ...base,
      isFile: true,
      isDirectory: false,
      file(ok: (file: File) => void, fail?: (error: DOMException) => void) {
        // Asynchronous, as browsers answer.
        setTimeout(() => (node === 'unreadable' ? fail?.(new DOMException('gone', 'NotFoundError')) : ok(node)));
      },
    } as unknown as FileSystemFileEntry;
  }
  const children = node === 'broken-folder' ? [] : Object.entries(node).map(([n, c]) => entryOf(n, c, fullPath));
  return {
    ...base,
    isFile: false,
    isDirectory: true,
    createReader() {
      let offset = 0;
      return {
        readEntries(ok: (entries: FileSystemEntry[]) => void, fail?: (error: DOMException) => void) {
          setTimeout(() => {
            if (node === 'broken-folder') return fail?.(new DOMException('denied', 'NotReadableError'));
            ok(children.slice(offset, (offset += PER_READ)));
          });
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

const folder = (name: string, tree: Tree) => entryOf(name, tree, '') as FileSystemDirectoryEntry;

function manyFiles(count: number, extension = 'mp4'): Tree {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`clip${i}.${extension}`, videoFile(`clip${i}.${extension}`, 16)]),
  );
}

async function walk(folders: FileSystemDirectoryEntry[], batchSize?: number): Promise<File[][]> {
  const batches: File[][] = [];
  for await (const batch of filesInFolders(folders, batchSize)) batches.push(batch);
  return batches;
}

const paths = (files: File[]) => files.map((file) => file.webkitRelativePath);

/** Drops folders (and files) on the drop zone as a file manager does: the entries come from the drop's items. */
async function dropFolders(el: WistiaUploader, entries: FileSystemEntry[], files: File[] = []): Promise<void> {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  const items = [
    ...files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file, webkitGetAsEntry: () => null })),
    ...entries.map((entry) => ({ kind: 'file', type: '', getAsFile: () => null, webkitGetAsEntry: () => entry })),
  ];
  // The drop's items live only during the event: reading them later gives nothing, as in browsers.
  let live = true;
  Object.defineProperty(dataTransfer, 'items', { get: () => (live ? items : []) });
  const where = part(el, 'dropzone');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    where.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, composed: true, cancelable: true }));
  }
  live = false;
  await settled(el);
}

describe('folders', () => {
  beforeEach(() => standin.reset());

  describe('the walk', () => {
    it('reads a folder until its reader returns none, past the 100 entries of one read', async () => {
      const files = (await walk([folder('big', manyFiles(250))], 1000)).flat();
      expect(files).to.have.length(250);
      expect(paths(files).slice(0, 2)).to.deep.equal(['big/clip0.mp4', 'big/clip1.mp4']);
      expect(paths(files).at(-1)).to.equal('big/clip249.mp4');
    });

    it('goes into folders at any depth, skips hidden files and folders, and empty folders add nothing', async () => {
      const tree: Tree = {
        'intro.mp4': videoFile('intro.mp4'),
        '.DS_Store': videoFile('.DS_Store'),
        '.git': { 'config.mp4': videoFile('config.mp4') },
        empty: {},
        day1: { 'clip.mp4': videoFile('clip.mp4'), deeper: { deepest: { 'end.mov': videoFile('end.mov') } } },
      };
      const files = (await walk([folder('holiday', tree), folder('nothing', {})])).flat();
      expect(paths(files)).to.deep.equal([
        'holiday/intro.mp4',
        'holiday/day1/clip.mp4',
        'holiday/day1/deeper/deepest/end.mov',
      ]);
      expect(files.map((file) => file.name)).to.deep.equal(['intro.mp4', 'clip.mp4', 'end.mov']);
    });

    it('skips what cannot be read and keeps the rest', async () => {
      const tree: Tree = {
        'gone.mp4': 'unreadable',
        locked: 'broken-folder',
        'kept.mp4': videoFile('kept.mp4'),
        sub: { 'also.mp4': videoFile('also.mp4') },
      };
      expect(paths((await walk([folder('mixed', tree)])).flat())).to.deep.equal([
        'mixed/kept.mp4',
        'mixed/sub/also.mp4',
      ]);
    });

    it('hands files on in batches of the size asked for, FOLDER_BATCH by default', async () => {
      const batches = await walk([folder('a', manyFiles(230)), folder('b', { more: manyFiles(30) })], 100);
      expect(batches.map((batch) => batch.length)).to.deep.equal([100, 100, 60]);
      expect((await walk([folder('c', manyFiles(120))])).map((batch) => batch.length)).to.deep.equal([
        FOLDER_BATCH,
        FOLDER_BATCH,
        120 - 2 * FOLDER_BATCH,
      ]);
    });
  });

  describe('dropping a real folder', () => {
    limitTo(
      ['chromium'],
      "only Chromium's automation can drop a folder from disk (DevTools Input.dispatchDragEvent); every engine runs the walk with entry objects",
    );

    it("a real folder from the file system, through the browser's own drag input", async () => {
      const el = await mountUploader({ multiple: true, manual: true });
      const zone = part(el, 'dropzone').getBoundingClientRect();
      const tree = {
        '.DS_Store': 'x',
        'intro.mp4': 'video',
        day1: { 'clip.txt': 'notes', 'beach.mov': 'video', empty: {} },
        many: Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`take${i}.mp4`, 'video'])),
      };
      const x = Math.round(zone.left + zone.width / 2);
      const y = Math.round(zone.top + zone.height / 2);
      const dropped = await executeServerCommand('drop-folder', { name: 'holiday', tree, x, y });
      expect(dropped, 'the folder was dropped').to.equal(true);
      await waitUntil(() => el.items.length === 133, 'every file at any depth, past 100 per read', { timeout: 10000 });
      await settled(el);
      expect(
        el.items.filter((item) => item.status === 'rejected').map((item) => item.file!.webkitRelativePath),
      ).to.deep.equal(['holiday/day1/clip.txt']);
      expect($(el, '.rejections .name')!.textContent).to.equal('holiday/day1/clip.txt');
      expect(
        el.items.some((item) => item.name === '.DS_Store'),
        'hidden files skipped',
      ).to.equal(false);
    });
  });

  describe('dropping a folder', () => {
    it('adds every file inside it, at any depth, each checked like any other', async () => {
      const el = await mountUploader({ multiple: true, manual: true });
      const tree: Tree = {
        '.DS_Store': videoFile('.DS_Store', 8, ''),
        'intro.mp4': videoFile('intro.mp4'),
        day1: {
          'clip.txt': new File(['notes'], 'clip.txt', { type: 'text/plain' }),
          'beach.mov': videoFile('beach.mov', 64, 'video/quicktime'),
        },
      };
      await dropFolders(el, [folder('holiday', tree)], [videoFile('loose.mp4')]);
      await waitUntil(() => el.items.length === 4, 'every file of the folder is added');
      await settled(el);
      expect(el.items.map((item) => item.name)).to.deep.equal(['loose.mp4', 'intro.mp4', 'clip.txt', 'beach.mov']);
      expect(el.items.map((item) => item.status)).to.deep.equal(['queued', 'queued', 'rejected', 'queued']);
      // The refusal names the file's path inside the folder, so it can be found.
      const refusal = $(el, '.rejections li')!;
      expect(refusal.querySelector('.name')!.textContent).to.equal('holiday/day1/clip.txt');
      expect(refusal.querySelector('.reason')!.textContent).to.contain('not accepted');
      expect(refusal.querySelector('button')!.getAttribute('aria-label')).to.equal('Dismiss holiday/day1/clip.txt');
    });

    it('adds a folder of 1,000 files a batch per task, so the page keeps answering', async () => {
      const el = await mountUploader({ multiple: true, manual: true });
      const calls: Array<{ size: number; sameTask: boolean }> = [];
      let inTask = false;
      const addFiles = el.addFiles.bind(el);
      el.addFiles = (files) => {
        const list = [...files];
        calls.push({ size: list.length, sameTask: inTask });
        inTask = true;
        setTimeout(() => (inTask = false));
        return addFiles(list);
      };
      await dropFolders(el, [folder('shoot', { a: manyFiles(400), b: manyFiles(600, 'mov') })]);
      await waitUntil(() => el.items.length === 1000, 'all 1,000 files added', { timeout: 15000 });
      expect(calls.length).to.equal(1000 / FOLDER_BATCH);
      expect(calls.every((call) => call.size <= FOLDER_BATCH)).to.equal(true);
      expect(
        calls.filter((call) => call.sameTask),
        'no two batches in one task',
      ).to.deep.equal([]);
      expect(el.items.every((item) => item.status === 'queued')).to.equal(true);
    });

    it('with multiple off, takes the first file and refuses the others, as for any drop of several', async () => {
      const el = await mountUploader({ manual: true });
      await dropFolders(el, [folder('two', { 'a.mp4': videoFile('a.mp4'), 'b.mp4': videoFile('b.mp4') })]);
      await waitUntil(() => el.items.length === 2);
      await settled(el);
      expect(el.items.map((item) => item.status)).to.deep.equal(['queued', 'rejected']);
      expect($(el, '.rejections .name')!.textContent).to.equal('two/b.mp4');
    });

    it('a folder with only hidden files adds nothing', async () => {
      const el = await mountUploader({ multiple: true, manual: true });
      await dropFolders(el, [folder('empty', { '.DS_Store': videoFile('.DS_Store') })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(el.items).to.have.length(0);
    });
  });
});
