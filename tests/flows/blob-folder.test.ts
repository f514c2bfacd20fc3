import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderBlobStore } from '../../flows/index.js';
import { blobStoreContract } from './blob-store-contract.js';

blobStoreContract('folder under DATA_DIR', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-blobs-'));
  return {
    store: createFolderBlobStore(dir),
    stop: async () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('the folder layout: blobs/<2 hex>/<sha256>, staging emptied once published', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-blobs-'));
  const store = createFolderBlobStore(dir);
  const { Readable } = await import('node:stream');
  const staged = await store.stage(Readable.from([Buffer.from('x')]));
  expect(readdirSync(join(dir, 'staging'))).toHaveLength(1);
  await staged.publish();
  expect(readdirSync(join(dir, 'staging'))).toHaveLength(0);
  expect(readdirSync(join(dir, 'blobs', staged.sha256.slice(0, 2)))).toEqual([staged.sha256]);
  rmSync(dir, { recursive: true, force: true });
});
