import { createUploader, EventName, type UploaderOptions } from '../../src/core/index.js';
import { FakeClock, FakeNetwork, FakeTokenSource, FakeTransport, fakeRuntime, settle } from './fakes.js';

/** One engine on fakes, with every event it fires, by type. */
export function engine(options: UploaderOptions = {}, network = new FakeNetwork()) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  const tokens = new FakeTokenSource('A', clock);
  const uploader = createUploader(
    {
      getToken: tokens.getToken,
      uploadUrl: 'https://upload.test/',
      apiUrl: 'https://api.test',
      multiple: true,
      ...options,
    },
    fakeRuntime(clock, network, transport, 7),
  );
  const events: { type: string; detail: any }[] = [];
  for (const type of Object.values(EventName)) {
    uploader.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  }
  const of = (type: string) => events.filter((e) => e.type === type);
  const sends = () => transport.requests.filter((r) => r.kind === 'send');
  return { clock, transport, tokens, uploader, events, of, sends };
}

/** One file added, its token given: its request is on the wire. */
export async function sending(e: ReturnType<typeof engine>) {
  e.uploader.add([video()]);
  await settle();
  e.tokens.answer(0, 'good');
  await settle();
}

/** One file uploaded: Wistia answered with media 1. */
export async function uploaded(e: ReturnType<typeof engine>) {
  await sending(e);
  e.sends()[0].settle({ status: 200, body: media(1) });
  await settle();
}

export const video = (name = 'clip.mp4') => new File(['x'.repeat(5000)], name, { type: 'video/mp4' });
export const media = (n = 1, status?: string) =>
  JSON.stringify({ id: n, hashed_id: `h${n}abcdef`, name: 'm', type: 'Video', created: 'c', updated: 'u', status });
