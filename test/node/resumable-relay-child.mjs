// A relay process for the resumable tests, so a test can kill it (SIGKILL) and start another on the same store.
// Its options arrive as JSON in argv[2]; it answers its URL over IPC once it listens.
import { createServer } from 'node:http';
import { createUploadRelay, toNodeHandler } from '../../dist/server/index.js';

const { secret, wistiaToken, standinUrl, directory, s3, redisUrl } = JSON.parse(process.argv[2]);
let redis;
if (redisUrl) {
  const { createClient } = await import('redis');
  redis = createClient({ url: redisUrl });
  redis.on('error', () => {});
  await redis.connect();
}
const relay = createUploadRelay({
  secret,
  wistiaToken,
  uploadUrl: `${standinUrl}upload/`,
  s3CopyUrl: `${standinUrl}upload/s3_copy`,
  apiUrl: `${standinUrl}api`,
  basePath: '/relay',
  resumable: directory ? { directory } : { s3, redis },
  onError: (error) => process.send?.({ error: error.message }),
});
const server = createServer(toNodeHandler(relay));
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${server.address().port}/relay/` }));
