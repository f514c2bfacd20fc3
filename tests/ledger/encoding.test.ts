import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { createLedgerWriter, verifyLedger } from '../../ledger/index.js';
import { encodeRecord } from '../../ledger/encode.js';
import { canonicalJson } from '../../ledger/jcs.js';
import { normalizeEvent } from '../../ledger/normalize.js';
import { GENESIS_HASH } from '../../ledger/hash.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Strings the JSON encoders disagree on if any of them is wrong: controls, quotes, astral, RTL. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/[\p{Cs}\u0000]/u.test(s)),
  fc.constantFrom('"\\/\b\f\n\r\t', '\u001f\u007f\u2028\u2029', '😀 émoji', 'العربية', '\uFEFF'),
);

describe('the RFC 8785 encoding of a record', () => {
  test('the specialised encoder equals the canonicalize package for arbitrary records', () => {
    fc.assert(
      fc.property(
        hostile,
        hostile,
        fc.integer(),
        fc.dictionary(hostile, fc.oneof(hostile, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))),
        (a, b, n, detail) => {
          const content = normalizeEvent(servedEvent(0, { context: a, object: b, fields: [a, b], detail, status: n % 1000 }));
          const record = { ...content, chain_id: 'c', seq: 1, prev_hash: GENESIS_HASH, recorded_at: 1 };
          expect(encodeRecord(record)).toBe(canonicalize(record));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('what PostgreSQL stores re-encodes identically (the verifier accepts hostile strings)', async () => {
    const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-enc', clock: manualClock() });
    const samples = fc.sample(
      fc.tuple(
        hostile,
        hostile,
        fc.dictionary(hostile, fc.oneof(hostile, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }))),
      ),
      200,
    );
    await Promise.all(
      samples.map(([a, b, detail], i) =>
        w.append(servedEvent(i, { context: a, object: b, fields: [a, b], dataElements: [], detail, actor: { kind: 'agent', id: b } })),
      ),
    );
    await w.close();
    const report = await verifyLedger(db.pool);
    expect(report.breaks).toEqual([]);
    expect(report.events).toBe(200);
  });
});

describe("canonicalJson (the verifier's JCS for parsed JSON)", () => {
  test('equals the canonicalize package for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parsed = JSON.parse(JSON.stringify(v)) as unknown;
        expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 500 },
    );
  });
});
