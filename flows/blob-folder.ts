/**
 * The folder adapter of the `BlobStore` port (the default, under DATA_DIR): `blobs/ab/<sha256>`
 * published by `rename(2)` from `staging/<uuid>` on the same file system, so a blob appears whole
 * or not at all. The staged file and the directory entry are fsync'ed before `publish` returns:
 * a dossier answered 201 survives a power loss with its attachments.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkBlobKey, type BlobInfo, type BlobStore, type ByteRange, type StagedBlob } from './blob-store.js';

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates the folders on first use; `root` is typically `<DATA_DIR>/flows`. */
export function createFolderBlobStore(root: string): BlobStore {
  const blobsDir = join(root, 'blobs');
  const stagingDir = join(root, 'staging');
  const ready = Promise.all([mkdir(blobsDir, { recursive: true }), mkdir(stagingDir, { recursive: true })]);
  const pathOf = (key: string) => join(blobsDir, key.slice(0, 2), key);

  return {
    async stage(source: Readable): Promise<StagedBlob> {
      await ready;
      const tmp = join(stagingDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, tap, createWriteStream(tmp, { flags: 'wx' }));
        await fsyncPath(tmp);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      const sha256 = hash.digest('hex');
      return {
        sha256,
        size,
        async publish() {
          const dir = join(blobsDir, sha256.slice(0, 2));
          await mkdir(dir, { recursive: true });
          await rename(tmp, pathOf(sha256));
          await fsyncPath(dir);
        },
        async discard() {
          await unlink(tmp).catch(() => undefined);
        },
      };
    },

    async get(key: string, range?: ByteRange): Promise<Readable | null> {
      checkBlobKey(key);
      try {
        const fh = await open(pathOf(key), 'r');
        return fh.createReadStream({ start: range?.start, end: range?.end, autoClose: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async stat(key: string): Promise<BlobInfo | null> {
      checkBlobKey(key);
      try {
        const s = await stat(pathOf(key));
        return { key, size: s.size, modifiedAt: s.mtime };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async delete(key: string): Promise<void> {
      checkBlobKey(key);
      await unlink(pathOf(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },

    async *list(): AsyncIterable<BlobInfo> {
      await ready;
      for (const prefix of await readdir(blobsDir)) {
        for (const key of await readdir(join(blobsDir, prefix)).catch(() => [] as string[])) {
          const s = await stat(join(blobsDir, prefix, key)).catch(() => null);
          if (s) yield { key, size: s.size, modifiedAt: s.mtime };
        }
      }
    },

    async clearStaging(olderThan: Date): Promise<number> {
      await ready;
      let removed = 0;
      for (const name of await readdir(stagingDir)) {
        const s = await stat(join(stagingDir, name)).catch(() => null);
        if (s && s.mtime < olderThan) {
          await unlink(join(stagingDir, name)).catch(() => undefined);
          removed++;
        }
      }
      return removed;
    },
  };
}
