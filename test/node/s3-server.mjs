// An S3-compatible server for the Node tests: s3rver (from npm) on a free loopback port, with the two multipart calls
// it lacks and @tus/s3-store needs (ListParts, AbortMultipartUpload), answered from s3rver's own part files.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed development credentials. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server(bucket) {
  const directory = await mkdtemp(join(tmpdir(), 'relay-s3-'));
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // Ahead of s3rver's router, which answers both calls 405.
  s3.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const isListParts = ctx.method === 'GET' && typeof uploadId === 'string';
    const isAbort = ctx.method === 'DELETE' && typeof uploadId === 'string';
    if (!isListParts && !isAbort) return next();
    const bucketName = ctx.path.split('/')[1];
    const partsDirectory = join(s3.store.getResourcePath(bucketName, undefined, 'uploads'), uploadId);
    const names = await readdir(partsDirectory).catch(() => undefined);
    if (names === undefined) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code></Error>';
      return;
    }
    if (isAbort) {
      await rm(partsDirectory, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    const numbers = names
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    const parts = await Promise.all(
      numbers.map(async (number) => {
        const file = join(partsDirectory, String(number));
        const [{ size, mtime }, md5] = await Promise.all([stat(file), readFile(`${file}.md5`, 'utf8')]);
        return (
          `<Part><PartNumber>${number}</PartNumber><LastModified>${mtime.toISOString()}</LastModified>` +
          `<ETag>"${md5}"</ETag><Size>${size}</Size></Part>`
        );
      }),
    );
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${bucketName}</Bucket><UploadId>${uploadId}</UploadId><MaxParts>1000</MaxParts>` +
      `<IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
  });
  const { port } = await s3.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** The keys of the objects the bucket holds. */
    async keys() {
      const files = await readdir(join(directory, bucket), { recursive: true });
      return files
        .filter((file) => file.endsWith('._S3rver_object'))
        .map((file) => file.replace(/\._S3rver_object$/, ''));
    },
    async close() {
      await s3.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
