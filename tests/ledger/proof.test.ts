import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  openLedger,
  loadLedgerSigner,
  listLedgerKeys,
  buildProof,
  verifyProof,
  startWitnessServer,
  type ProofBundle,
  type LedgerPublicKey,
  type WitnessConfig,
} from '../../ledger/index.js';
import { inclusionRanges } from '../../ledger/merkle.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
let dir: string;
let pinned: LedgerPublicKey[];
const witnesses: WitnessConfig[] = [];
const closers: (() => Promise<void>)[] = [];
const ids: string[] = [];
const failures: unknown[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-proof-'));
  await loadLedgerSigner(db.pool);
  pinned = await listLedgerKeys(db.pool);
  for (const name of ['temoin-a', 'temoin-b']) {
    const s = await startWitnessServer({
      name,
      port: 0,
      statePath: join(dir, `${name}.json`),
      keyPath: join(dir, `${name}.key`),
      logKeys: pinned,
    });
    closers.push(() => s.close());
    witnesses.push({ name, url: s.url, key: s.witness.publicKey });
  }
  const ledger = await openLedger({
    pool: db.pool,
    clock: manualClock(),
    chainId: 'gw-proof',
    checkpointEvery: { events: 400, ms: 60_000 },
    witnesses,
    maxBatch: 100,
    onWitness: (r) => failures.push(...r.filter((x) => !x.ok)),
    onError: (e) => failures.push(e),
  });
  for (let i = 0; i < 1000; i += 100)
    ids.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => ledger.writer.append(servedEvent(i + j))))).map((e) => e.id));
  await ledger.close();
  expect(failures).toEqual([]);
}, 120_000);
afterAll(async () => {
  for (const c of closers) await c();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const clone = (b: ProofBundle): ProofBundle => JSON.parse(JSON.stringify(b)) as ProofBundle;
const check = (b: ProofBundle) =>
  verifyProof(b, { trustedKeys: pinned, witnesses: witnesses.map((w) => ({ name: w.name, key: w.key })), quorum: 2 });

describe('proofs for people: one exchange, checked offline with the pinned keys', () => {
  let proof: ProofBundle;

  test('the proof of one event: inclusion path of log2(n) hashes, witnessed checkpoint; verifies after a JSON round trip', async () => {
    proof = await buildProof(db.pool, ids[123]!, { minCosignatures: 2 });
    expect(proof.inclusion).toMatchObject({ tree_size: 1000, leaf_index: 123 });
    expect(proof.inclusion.path).toHaveLength(10);
    expect(proof.cosignatures.map((c) => c.witness)).toEqual(['temoin-a', 'temoin-b']);
    const r = await check(clone(proof));
    expect(r).toMatchObject({ ok: true, errors: [], witnessedBy: ['temoin-a', 'temoin-b'] });
    expect(r.event!.id).toBe(ids[123]);
    expect(JSON.stringify(proof).length).toBeLessThan(4096);
  });

  test('a changed byte anywhere makes it fail', async () => {
    const json = JSON.stringify(proof);
    const places = [
      json.indexOf('"consumer_siret":"') + 20, // a field of the event
      json.indexOf('"path":["') + 12, // a hash of the inclusion path
      json.indexOf('"jws":"') + 200, // the checkpoint
      json.lastIndexOf('"jws":"') + 150, // a co-signature
    ];
    for (const at of places) {
      const c = json[at] === 'A' ? 'B' : 'A';
      const altered = JSON.parse(json.slice(0, at) + c + json.slice(at + 1)) as ProofBundle;
      expect((await check(altered)).ok).toBe(false);
    }
    const other = clone(proof);
    other.inclusion.leaf_index = 124;
    expect((await check(other)).ok).toBe(false);
    expect((await verifyProof(clone(proof), { trustedKeys: [] })).errors.join()).toMatch(/aucune clé de confiance/);
  });

  test('in a log of 10 million events the inclusion proof stays under 2 KB', () => {
    const path = inclusionRanges(7_654_321, 10_000_000);
    const encoded = JSON.stringify({ tree_size: 10_000_000, leaf_index: 7_654_321, path: path.map(() => 'x'.repeat(43)) });
    expect(path.length).toBeLessThanOrEqual(24);
    expect(encoded.length).toBeLessThan(2048);
  });

  test('the offline verifier bundles for a browser (WebCrypto and jose only, no node: module)', async () => {
    const out = await build({
      entryPoints: ['ledger/verify-proof.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    expect(out.outputFiles[0]!.text).not.toMatch(/from ['"]node:/);
  });
});
