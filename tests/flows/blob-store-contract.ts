/**
 * The `BlobStore` contract: every adapter (folder, S3) passes the same suite. Real content is
 * streamed through (never a Buffer handed to the store), errors mid-stream leave nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../flows/index.js';

async function drain(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function keys(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const b of store.list()) out.push(b.key);
  return out.sort();
}

/** A source of `size` random bytes in 64 KiB chunks. */
function source(size: number): { stream: Readable; sha256: string; bytes: Buffer } {
  const parts: Buffer[] = [];
  for (let off = 0; off < size; off += 65536) parts.push(randomBytes(Math.min(65536, size - off)));
  const bytes = Buffer.concat(parts);
  return { stream: Readable.from(parts), sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

export function blobStoreContract(name: string, make: () => Promise<{ store: BlobStore; stop(): Promise<void> }>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      ({ store, stop } = await make());
    });
    afterAll(async () => {
      await stop();
    });

    test('stage hashes and counts; publish makes the content readable under its SHA-256', async () => {
      const s = source(1_300_000);
      const staged = await store.stage(s.stream);
      expect([staged.sha256, staged.size]).toEqual([s.sha256, 1_300_000]);
      expect(await store.get(s.sha256)).toBeNull();
      expect(await keys(store)).not.toContain(s.sha256);
      await staged.publish();
      expect((await drain((await store.get(s.sha256))!)).equals(s.bytes)).toBe(true);
      expect(await store.stat(s.sha256)).toMatchObject({ key: s.sha256, size: 1_300_000 });
      expect(await keys(store)).toContain(s.sha256);
    });

    test('a blob larger than an upload part streams through whole', async () => {
      const s = source(11 * 1024 * 1024 + 7);
      const staged = await store.stage(s.stream);
      await staged.publish();
      expect(staged.size).toBe(11 * 1024 * 1024 + 7);
      const back = createHash('sha256');
      for await (const c of (await store.get(s.sha256))!) back.update(c as Buffer);
      expect(back.digest('hex')).toBe(s.sha256);
    });

    test('ranges are inclusive at both ends', async () => {
      const s = source(200_000);
      await (await store.stage(s.stream)).publish();
      expect((await drain((await store.get(s.sha256, { start: 10, end: 19 }))!)).equals(s.bytes.subarray(10, 20))).toBe(true);
      expect((await drain((await store.get(s.sha256, { start: 199_990, end: 199_999 }))!)).equals(s.bytes.subarray(199_990))).toBe(true);
    });

    test('publishing the same content twice is harmless', async () => {
      const a = Buffer.from('même contenu, deux dépôts');
      const one = await store.stage(Readable.from([a]));
      const two = await store.stage(Readable.from([a]));
      await one.publish();
      await two.publish();
      expect((await drain((await store.get(one.sha256))!)).equals(a)).toBe(true);
    });

    test('discard forgets a staged blob; nothing is published', async () => {
      const s = source(10_000);
      const staged = await store.stage(s.stream);
      await staged.discard();
      expect(await store.get(s.sha256)).toBeNull();
      expect(await store.clearStaging(new Date(Date.now() + 60_000))).toBe(0);
    });

    test('a source failing mid-stream rejects with its own error and leaves nothing', async () => {
      const failure = new Error('source broke');
      async function* broken() {
        yield randomBytes(100_000);
        yield randomBytes(100_000);
        throw failure;
      }
      const before = await keys(store);
      await expect(store.stage(Readable.from(broken()))).rejects.toBe(failure);
      expect(await keys(store)).toEqual(before);
      expect(await store.clearStaging(new Date(Date.now() + 60_000))).toBe(0);
    });

    test('clearStaging removes staged content older than the cutoff only', async () => {
      const staged = await store.stage(Readable.from([Buffer.from('abandonné')]));
      expect(await store.clearStaging(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.clearStaging(new Date(Date.now() + 60_000))).toBe(1);
      await expect(staged.publish()).rejects.toBeDefined();
    });

    test('delete removes a blob; deleting an absent one is no error; keys must be SHA-256 hex', async () => {
      const s = source(5000);
      await (await store.stage(s.stream)).publish();
      await store.delete(s.sha256);
      expect(await store.get(s.sha256)).toBeNull();
      expect(await store.stat(s.sha256)).toBeNull();
      await store.delete(s.sha256);
      await expect(store.get('../../etc/passwd')).rejects.toThrow(TypeError);
    });
  });
}
