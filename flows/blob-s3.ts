/**
 * The S3-compatible adapter of the `BlobStore` port (production; MinIO in docker-compose.yml).
 * `stage` streams the source as a multipart upload (lib-storage `Upload`: at most
 * queueSize × partSize bytes buffered) under `staging/<uuid>` while hashing it; `publish` copies
 * it server-side to `blobs/<sha256>` and deletes the staged object. S3 writes are atomic per
 * object, so a reader never sees a partial blob.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkBlobKey, type BlobInfo, type BlobStore, type ByteRange, type StagedBlob } from './blob-store.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Object key prefix (e.g. `flows/`), so one bucket can serve several deployments. */
  prefix?: string;
  /** Endpoint, region, credentials, `forcePathStyle` for MinIO. */
  client: S3ClientConfig | S3Client;
  partSize?: number;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

export function createS3BlobStore(opts: S3BlobStoreOptions): BlobStore {
  const s3 = opts.client instanceof S3Client ? opts.client : new S3Client(opts.client);
  const Bucket = opts.bucket;
  const prefix = opts.prefix ?? '';
  const blobKey = (key: string) => `${prefix}blobs/${key}`;
  const stagingPrefix = `${prefix}staging/`;

  async function* listPrefix(p: string): AsyncIterable<{ Key: string; Size: number; LastModified: Date }> {
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: p, ContinuationToken }));
      for (const o of page.Contents ?? []) {
        if (o.Key) yield { Key: o.Key, Size: o.Size ?? 0, LastModified: o.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  return {
    async stage(source: Readable): Promise<StagedBlob> {
      const staged = `${stagingPrefix}${randomUUID()}`;
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      let sourceError: unknown;
      source.on('error', (err) => {
        sourceError = err;
        tap.destroy(err);
      });
      source.pipe(tap);
      const upload = new Upload({
        client: s3,
        params: { Bucket, Key: staged, Body: tap },
        partSize: opts.partSize ?? 8 * 1024 * 1024,
        queueSize: 2,
      });
      try {
        await upload.done();
      } catch (err) {
        await upload.abort().catch(() => undefined);
        await s3.send(new DeleteObjectCommand({ Bucket, Key: staged })).catch(() => undefined);
        throw sourceError ?? err;
      }
      if (sourceError) {
        await s3.send(new DeleteObjectCommand({ Bucket, Key: staged })).catch(() => undefined);
        throw sourceError;
      }
      const sha256 = hash.digest('hex');
      return {
        sha256,
        size,
        async publish() {
          await s3.send(
            new CopyObjectCommand({
              Bucket,
              Key: blobKey(sha256),
              CopySource: `${Bucket}/${staged.split('/').map(encodeURIComponent).join('/')}`,
            }),
          );
          await s3.send(new DeleteObjectCommand({ Bucket, Key: staged })).catch(() => undefined);
        },
        async discard() {
          await s3.send(new DeleteObjectCommand({ Bucket, Key: staged })).catch(() => undefined);
        },
      };
    },

    async get(key: string, range?: ByteRange): Promise<Readable | null> {
      checkBlobKey(key);
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket, Key: blobKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        return out.Body as Readable;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async stat(key: string): Promise<BlobInfo | null> {
      checkBlobKey(key);
      try {
        const h = await s3.send(new HeadObjectCommand({ Bucket, Key: blobKey(key) }));
        return { key, size: h.ContentLength ?? 0, modifiedAt: h.LastModified ?? new Date(0) };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async delete(key: string): Promise<void> {
      checkBlobKey(key);
      await s3.send(new DeleteObjectCommand({ Bucket, Key: blobKey(key) }));
    },

    async *list(): AsyncIterable<BlobInfo> {
      for await (const o of listPrefix(`${prefix}blobs/`)) {
        yield { key: o.Key.slice(`${prefix}blobs/`.length), size: o.Size, modifiedAt: o.LastModified };
      }
    },

    async clearStaging(olderThan: Date): Promise<number> {
      let removed = 0;
      for await (const o of listPrefix(stagingPrefix)) {
        if (o.LastModified < olderThan) {
          await s3.send(new DeleteObjectCommand({ Bucket, Key: o.Key }));
          removed++;
        }
      }
      return removed;
    },
  };
}
