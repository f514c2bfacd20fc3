import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, loadLedgerSigner, verifyLedger, createCheckpoint } from '../../ledger/index.js';
import { MerkleFrontier, consistencyRanges, inclusionRanges, leafHash, nodeHash } from '../../ledger/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle-verify.js';
import { consistencyProof, inclusionProof } from '../../ledger/tree.js';
import { servedEvent } from './fixtures.js';

/** RFC 9162 §2.1.1 MTH, straight from the definition. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
const eventHash = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
const leaves = Array.from({ length: 70 }, (_, i) => leafHash(eventHash(i)));
const subtree = (a: number, b: number) => mth(leaves.slice(a, b));

describe('Merkle tree (RFC 9162 §2.1)', () => {
  test('the incremental frontier root equals MTH for every size; encode/decode round-trips', () => {
    const f = new MerkleFrontier();
    for (let n = 1; n <= 70; n++) {
      f.append(eventHash(n - 1));
      expect(f.root().equals(mth(leaves.slice(0, n)))).toBe(true);
      expect(MerkleFrontier.decode(n, f.encode()).root().equals(f.root())).toBe(true);
    }
  });

  test('inclusion and consistency proofs verify for every (m, n), and fail when altered', async () => {
    for (let n = 1; n <= 40; n++) {
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const path = inclusionRanges(m, n).map(([a, b]) => subtree(a, b));
        expect(await verifyInclusion(m, n, leaves[m]!, path, root)).toBe(true);
        if (n > 1) expect(await verifyInclusion(m, n, leaves[(m + 1) % n]!, path, root)).toBe(false);
      }
      for (let m = 1; m <= n; m++) {
        const proof = consistencyRanges(m, n).map(([a, b]) => subtree(a, b));
        const old = mth(leaves.slice(0, m));
        expect(await verifyConsistency(m, n, old, root, proof)).toBe(true);
        if (m < n) expect(await verifyConsistency(m, n, mth(leaves.slice(1, m + 1)), root, proof)).toBe(false);
      }
    }
  });
});

describe('chained checkpoints with Merkle roots', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  test('numbered, chained checkpoints sign each chain root; proofs from the database are O(log n) and verify', async () => {
    const signer = await loadLedgerSigner(db.pool);
    const w = createLedgerWriter({
      pool: db.pool,
      chainId: 'gw-merkle',
      clock: manualClock(),
      signer,
      checkpointEvery: { events: 300, ms: 60_000 },
      maxBatch: 100,
    });
    const hashes: string[] = [];
    for (let i = 0; i < 700; i += 50)
      hashes.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => w.append(servedEvent(i + j))))).map((e) => e.hash));
    await w.close();
    const { rows } = await db.pool.query<{ number: string; prev_sha256: string; sha256: string }>(
      'SELECT number, prev_sha256, sha256 FROM ledger_checkpoints ORDER BY number',
    );
    expect(rows.map((r) => Number(r.number))).toEqual(rows.map((_, i) => i + 1));
    rows.slice(1).forEach((r, i) => expect(r.prev_sha256).toBe(rows[i]!.sha256));
    const { rows: nodes } = await db.pool.query('SELECT level, idx FROM ledger_merkle_nodes WHERE chain_id = $1 ORDER BY level, idx', [
      'gw-merkle',
    ]);
    expect(nodes.map((n) => [n.level, Number(n.idx)])).toEqual([
      [8, 0],
      [8, 1],
      [9, 0],
    ]);
    const all = hashes.map(leafHash);
    const root = mth(all);
    const { rows: head } = await db.pool.query<{ root: string; seq: string }>(
      'SELECT h.root, h.seq FROM ledger_checkpoint_heads h JOIN ledger_checkpoints c ON c.id = h.checkpoint_id ORDER BY c.number DESC LIMIT 1',
    );
    expect(Number(head[0]!.seq)).toBe(700);
    expect(head[0]!.root).toBe(root.toString('hex'));
    for (const seq of [1, 256, 257, 512, 600, 700]) {
      const path = await inclusionProof(db.pool, 'gw-merkle', seq, 700);
      expect(path.length).toBeLessThanOrEqual(10);
      expect(await verifyInclusion(seq - 1, 700, all[seq - 1]!, path, root)).toBe(true);
    }
    for (const m of [1, 255, 256, 300, 512, 699]) {
      const proof = await consistencyProof(db.pool, 'gw-merkle', m, 700);
      expect(await verifyConsistency(m, 700, mth(all.slice(0, m)), root, proof)).toBe(true);
    }
    await expect(verifyLedger(db.pool)).resolves.toMatchObject({ ok: true, latestCheckpoint: rows.length });
  });

  test('a writer whose rows another process already signed (committed, not yet in its tree) never signs a lower head', async () => {
    const signer = await loadLedgerSigner(db.pool);
    const clock = manualClock();
    const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-race', clock });
    const events = [];
    for (let i = 0; i < 10; i++) events.push(await w.append(servedEvent(i)));
    await w.close();
    expect(await createCheckpoint(db.pool, signer, clock)).not.toBeNull();
    const behind = new MerkleFrontier();
    for (const e of events.slice(0, 5)) behind.append(e.hash);
    const own = [{ chainId: 'gw-race', headHash: events[4]!.hash, frontier: behind, nodes: [], closed: false }];
    expect(await createCheckpoint(db.pool, signer, clock, { own })).toBeNull();
    expect((await verifyLedger(db.pool)).breaks).toEqual([]);
    // The same lower head from a writer that met rows it did not write is signed, and reported.
    await createCheckpoint(db.pool, signer, clock, { own: [{ ...own[0]!, closed: true, tampered: true }] });
    expect((await verifyLedger(db.pool)).breaks.map((b) => b.kind)).toContain('checkpoint_invalid');
  });

  test('a checkpoint outside the numbered chain (older format) anchors nothing and is only reported as a warning', async () => {
    const before = await verifyLedger(db.pool);
    const { rows } = await db.pool.query<{ kid: string; jws: string }>('SELECT kid, jws FROM ledger_checkpoints ORDER BY number LIMIT 1');
    await db.pool.query('INSERT INTO ledger_checkpoints (created_at, kid, jws) VALUES (now(), $1, $2)', [rows[0]!.kid, rows[0]!.jws]);
    const r = await verifyLedger(db.pool);
    expect(r.breaks).toEqual(before.breaks);
    expect(r.warnings.join()).toMatch(/1 point\(s\) de contrôle sans numéro/);
  });
});
