/**
 * The `BlobStore` port: attachments stored by the SHA-256 of their content (content-addressed,
 * so the key proves the bytes). Writing is two-phase because the key is known only once the
 * content has streamed through: `stage` streams into a private staging area while hashing and
 * counting, `publish` moves the staged content under its key (atomic: a reader never sees a
 * partial blob), `discard` forgets it. Nothing is ever held whole in memory.
 */
import type { Readable } from 'node:stream';

export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** Makes the content readable under `sha256`; idempotent when the key already exists. */
  publish(): Promise<void>;
  /** Removes the staged content (after a refusal); never touches a published blob. */
  discard(): Promise<void>;
}

export interface BlobInfo {
  key: string;
  size: number;
  /** Last write or publish (the orphan sweep's grace period runs from it). */
  modifiedAt: Date;
}

/** Byte range, both ends inclusive (RFC 9110 §14.1.2). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** Streams `source` into staging. Rejects (and keeps nothing) when the source errors. */
  stage(source: Readable): Promise<StagedBlob>;
  /** The content (or a range of it), streamed; null when absent. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  stat(key: string): Promise<BlobInfo | null>;
  /** Removes a published blob; no error when absent. */
  delete(key: string): Promise<void>;
  /** Every published blob. */
  list(): AsyncIterable<BlobInfo>;
  /** Removes staged content older than `olderThan` (left by a crashed process). */
  clearStaging(olderThan: Date): Promise<number>;
}

export const BLOB_KEY = /^[0-9a-f]{64}$/;

/** Keys are SHA-256 hex digests; anything else is a caller's bug. */
export function checkBlobKey(key: string): void {
  if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key ${key}`);
}
