import { expect } from '@open-wc/testing';
import { EventName } from '../../src/wistia-uploader.js';
import { sha256, standin } from '../helpers/standin.js';
import { createElement, listen, seededFile, usePageHost } from './support.js';

describe('lifecycle: several elements on one page', () => {
  const host = usePageHost();

  it('two elements sharing a token endpoint keep their items and events apart, with one token each', async () => {
    const [a, b] = [createElement(), createElement()];
    host().append(a, b);
    const [onA, onB] = [listen(a), listen(b)];
    const itemsA = a.addFiles([seededFile(1), seededFile(2), seededFile(3)]).map((i) => i.id);
    const itemsB = b.addFiles([seededFile(4), seededFile(5), seededFile(6)]).map((i) => i.id);
    await Promise.all([onA.until(EventName.queueComplete), onB.until(EventName.queueComplete)]);
    expect(
      onA
        .terminal()
        .map((e) => e.id)
        .sort(),
    ).to.deep.equal([...itemsA].sort());
    expect(
      onB
        .terminal()
        .map((e) => e.id)
        .sort(),
    ).to.deep.equal([...itemsB].sort());
    expect(onA.terminal().every((e) => e.type === EventName.uploadSuccess)).to.equal(true);
    const log = await standin.log();
    // Each element holds its own token: two requests for six uploads, not one per upload.
    expect(log.tokenRequests).to.equal(2);
    expect(Object.values(log.successesBySha256)).to.deep.equal([1, 1, 1, 1, 1, 1]);
  });

  it('twenty elements each deliver their own file exactly once', async () => {
    const elements = Array.from({ length: 20 }, () => createElement());
    host().append(...elements);
    const listeners = elements.map((el) => listen(el));
    const files = elements.map((_, i) => seededFile(100 + i, 32 * 1024 + i));
    elements.forEach((el, i) => el.addFiles([files[i]]));
    await Promise.all(listeners.map((l) => l.until(EventName.queueComplete)));
    for (const l of listeners) expect(l.terminal().map((e) => e.type)).to.deep.equal([EventName.uploadSuccess]);
    const log = await standin.log();
    const expected = Object.fromEntries(await Promise.all(files.map(async (f) => [await sha256(f), 1])));
    expect(log.successesBySha256).to.deep.equal(expected);
    expect(log.tokenRequests).to.equal(20);
    const names = elements.map((el) => el.items[0].media!.name);
    expect(names).to.deep.equal(files.map((f) => f.name));
  });
});
