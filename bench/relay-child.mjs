// A process of the relay bench: `standin` (the Wistia stand-in, accepting one server-held token) or `relay`
// (createUploadRelay from dist/server in front of it, with resumable uploads when given a directory). Each runs alone
// so its memory can be read from outside.
import { createServer } from 'node:http';
import { startStandinServer } from '../demo/wistia-standin/index.mjs';
import { createUploadRelay, toNodeHandler } from '../dist/server/index.js';

// `directory`, when given, turns on resumable uploads held there.
const [role, secret, wistiaToken, upstream, directory] = process.argv.slice(2);
process.once('SIGINT', () => process.exit(0));
let url;
if (role === 'standin') {
  const running = await startStandinServer({ apiToken: wistiaToken });
  url = running.url;
} else {
  const relay = createUploadRelay({
    secret,
    wistiaToken,
    uploadUrl: `${upstream}upload/`,
    s3CopyUrl: `${upstream}upload/s3_copy`,
    apiUrl: `${upstream}api`,
    basePath: '/relay',
    // The bench's ten concurrent uploads share one subject.
    maxConcurrentUploads: 10,
    ...(directory ? { resumable: { directory } } : {}),
  });
  const server = createServer(toNodeHandler(relay));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/relay/`;
}
process.send?.({ url });
