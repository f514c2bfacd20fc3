/**
 * The S3 adapter against an S3 protocol server in process (s3rver: real HTTP, real SigV4
 * requests from @aws-sdk/client-s3, multipart upload, server-side copy, ranges, listing). It is
 * not AWS nor MinIO: behaviour specific to those (consistency, checksums, lifecycle rules) is not
 * covered here; docker-compose.yml's MinIO is the place for that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3BlobStore } from '../../flows/index.js';
import { blobStoreContract } from './blob-store-contract.js';

blobStoreContract('S3 (s3rver in process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'datapedia-flows' }));
  // 5 MiB parts (the S3 minimum) so the 1.3 MB test blob is a single part and larger ones are multipart.
  return {
    store: createS3BlobStore({ bucket: 'datapedia-flows', prefix: 'test/', client, partSize: 5 * 1024 * 1024 }),
    stop: async () => {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
