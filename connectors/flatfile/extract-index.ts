import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { FlatFileConfig } from '../config/types.js';
import { canonicalText } from '../text.js';
import { ExtractRefused, parseCsv, parseFixed, type FlatRecord, type RejectedLine } from './parse.js';

/** Outcome of one (re)load attempt, kept for operators (no record content, only line numbers). */
export interface LoadReport {
  at: Date;
  outcome: 'loaded' | 'refused';
  records: number;
  rejected: RejectedLine[];
  /** Keys present on several records: never answered (serving the wrong person is worse than none). */
  ambiguousKeys: number;
  reason?: string;
}

/** Above this share of rejected lines the extract is refused whole (a wrong layout, not a few bad lines). */
export const MAX_REJECTED_RATIO = 0.1;

/** The lookup key of a record or a request: canonical values joined (docs/architecture.md, "Subjects"). */
export function lookupKey(values: unknown[]): string {
  return values.map((v) => canonicalText(v === null || v === undefined ? '' : String(v))).join('\u001f');
}

interface Snapshot {
  index: Map<string, FlatRecord>;
  ambiguous: Set<string>;
}

/**
 * The in-memory index of a flat-file extract, reloaded atomically: a new index is built aside
 * from a complete, size-stable read and swapped in one assignment; any refused reload leaves the
 * previous index serving. Rules of completeness: see `parseFixed` / `parseCsv`, plus the file
 * must have the same size and mtime before and after it was read (not being written).
 */
export class ExtractIndex {
  private snapshot: Snapshot | null = null;
  private last: LoadReport | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<LoadReport> | null = null;

  constructor(
    private readonly config: FlatFileConfig,
    private readonly file: string,
  ) {}

  get(key: string): FlatRecord | undefined | 'ambiguous' {
    if (this.snapshot?.ambiguous.has(key)) return 'ambiguous';
    return this.snapshot?.index.get(key);
  }

  get size(): number {
    return this.snapshot?.index.size ?? 0;
  }

  get loaded(): boolean {
    return this.snapshot !== null;
  }

  lastReport(): LoadReport | null {
    return this.last;
  }

  /** Reads, checks and swaps in the extract; concurrent calls share one load. */
  reload(): Promise<LoadReport> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<LoadReport> {
    const at = new Date();
    try {
      const before = await stat(this.file);
      const buf = await readFile(this.file);
      const after = await stat(this.file);
      if (before.size !== after.size || before.mtimeMs !== after.mtimeMs || buf.length !== after.size)
        throw new ExtractRefused('fichier modifié pendant la lecture');
      const parsed = this.config.format === 'fixed' ? parseFixed(buf, this.config) : parseCsv(buf, this.config);
      const total = parsed.records.length + parsed.rejected.length;
      if (total > 0 && parsed.rejected.length / total > MAX_REJECTED_RATIO)
        throw new ExtractRefused(`${parsed.rejected.length} lignes rejetées sur ${total}`, { cause: parsed.rejected });
      const snapshot: Snapshot = { index: new Map(), ambiguous: new Set() };
      for (const { record } of parsed.records) {
        const key = lookupKey(this.config.key.map((k) => record[k]));
        if (snapshot.index.has(key)) snapshot.ambiguous.add(key);
        else snapshot.index.set(key, record);
      }
      for (const k of snapshot.ambiguous) snapshot.index.delete(k);
      this.snapshot = snapshot;
      this.last = {
        at,
        outcome: 'loaded',
        records: snapshot.index.size,
        rejected: parsed.rejected,
        ambiguousKeys: snapshot.ambiguous.size,
      };
    } catch (err) {
      const rejected = err instanceof ExtractRefused && Array.isArray(err.cause) ? (err.cause as RejectedLine[]) : [];
      this.last = {
        at,
        outcome: 'refused',
        records: this.size,
        rejected,
        ambiguousKeys: this.snapshot?.ambiguous.size ?? 0,
        reason: err instanceof Error ? err.message : String(err),
      };
    }
    return this.last;
  }

  /** Watches the file's folder (renames included) and reloads after writes settle. */
  startWatching(settleMs = 150): void {
    if (this.watcher) return;
    const name = basename(this.file);
    this.watcher = watch(dirname(this.file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.reload();
      }, settleMs);
    });
    this.watcher.on('error', () => undefined);
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
  }
}
