/**
 * `datapedia ledger ...` as an operator or a citizen runs it: the real command in a child
 * process, against a database of its own. Offline checks trust only the keys given (`--keys` or
 * LEDGER_PINNED_KEYS), never those a file carries; the retention pass needs pinned keys.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { manualClock } from '../../../schemas/index.js';
import { openLedger, listLedgerKeys, type CommittedEvent } from '../../../ledger/index.js';
import { servedEvent } from '../../ledger/fixtures.js';
import { loadConfig } from '../../../gateway/config.js';

const BIN = resolve('bin/datapedia.mjs');
let db: TestDatabase;
let dir: string;
let keysFile: string;
const events: CommittedEvent[] = [];

/** Runs the real `datapedia` command as a child process against the test database. */
function datapedia(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          LOG_LEVEL: 'silent',
          DEMO: 'false',
          LEDGER_ARCHIVE_DIR: join(dir, 'archives'),
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-cli-ledger-'));
  // Two years ago: 300 exchanges on a gateway since stopped (past the default 365-day maximum).
  const past = await openLedger({
    pool: db.pool,
    clock: manualClock('2024-06-01T08:00:00Z'),
    chainId: 'gw-2024',
    checkpointEvery: { events: 100, ms: 60_000 },
  });
  for (let i = 0; i < 300; i += 50)
    events.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => past.writer.append(servedEvent(i + j))))));
  await past.close();
  keysFile = join(dir, 'pinned.json');
  await writeFile(keysFile, JSON.stringify({ keys: await listLedgerKeys(db.pool) }));
}, 120_000);
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('ledger verify', () => {
  test('with pinned keys: intact, names the latest checkpoint, warns that no witness is configured', async () => {
    const r = await datapedia(['ledger', 'verify'], { LEDGER_PINNED_KEYS: keysFile });
    expect(r.stdout).toMatch(/300 événements/);
    expect(r.stdout).toMatch(/dernier point de contrôle : n° \d+/);
    expect(r.stdout).toMatch(/attention : aucun témoin configuré/);
    expect(r.stdout).not.toMatch(/non épinglées/);
    expect(r.stdout).toMatch(/journal intègre/);
    expect(r.code).toBe(0);
  }, 120_000);

  test('without pinned keys: still verifies, and says the database’s own keys were used', async () => {
    const r = await datapedia(['ledger', 'verify']);
    expect(r.stdout).toMatch(/attention : clés de signature non épinglées/);
    expect(r.code).toBe(0);
  }, 120_000);

  test('pinned keys that did not sign the ledger: exit 2, unknown key named', async () => {
    const other = join(dir, 'other.json');
    const { generateKeyPair, exportJWK } = await import('jose');
    const jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    await writeFile(other, JSON.stringify({ keys: [{ ...jwk, kid: 'intrus', alg: 'ES256', use: 'sig' }] }));
    const r = await datapedia(['ledger', 'verify'], { LEDGER_PINNED_KEYS: other });
    expect(r.stdout).toMatch(/JOURNAL ALTÉRÉ/);
    expect(r.code).toBe(2);
  }, 120_000);

  test('an unreachable database: exit 1, naming the database tried (password hidden) and why', async () => {
    const r = await datapedia(['ledger', 'verify'], { DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:1/datapedia' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /base de données injoignable \(DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/datapedia\) : .*ECONNREFUSED/,
    );
    expect(r.stderr).not.toMatch(/s3cret|undefined/);
  }, 120_000);
});

describe('ledger evidence and verify-evidence', () => {
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'preuve.json');
    const made = await datapedia(['ledger', 'evidence', events[42]!.id, '-o', file]);
    expect(made.stdout).toMatch(/preuve écrite/);
    expect(made.code).toBe(0);
  }, 120_000);

  test('valid with --keys, or with LEDGER_PINNED_KEYS: exit 0', async () => {
    const a = await datapedia(['ledger', 'verify-evidence', file, '--keys', keysFile]);
    expect(a.stdout).toMatch(new RegExp(`preuve valide : événement ${events[42]!.id}.*point de contrôle n° \\d+`));
    expect(a.code).toBe(0);
    const b = await datapedia(['ledger', 'verify-evidence', file], { LEDGER_PINNED_KEYS: keysFile });
    expect(b.code).toBe(0);
  }, 120_000);

  test('one changed byte: non-zero', async () => {
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('Dossier 42') + 'Dossier '.length;
    const changed = join(dir, 'preuve-changee.json');
    await writeFile(changed, `${text.slice(0, at)}5${text.slice(at + 1)}`);
    const r = await datapedia(['ledger', 'verify-evidence', changed, '--keys', keysFile]);
    expect(r.stdout).toMatch(/PREUVE INVALIDE/);
    expect(r.code).not.toBe(0);
    const broken = join(dir, 'preuve-tronquee.json');
    await writeFile(broken, text.slice(0, -3));
    expect((await datapedia(['ledger', 'verify-evidence', broken, '--keys', keysFile])).code).not.toBe(0);
  }, 120_000);

  test('no keys: exit 2, even when the file carries keys of its own', async () => {
    const bundle = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const withKeys = join(dir, 'preuve-avec-cles.json');
    await writeFile(withKeys, JSON.stringify({ ...bundle, keys: await listLedgerKeys(db.pool) }));
    const r = await datapedia(['ledger', 'verify-evidence', withKeys]);
    expect(r.stdout).toMatch(/PREUVE NON VÉRIFIÉE : aucune clé de confiance/);
    expect(r.code).toBe(2);
  }, 120_000);
});

describe('ledger retention and verify-archive', () => {
  test('refused without pinned keys: nothing purged', async () => {
    const r = await datapedia(['ledger', 'retention']);
    expect(r.stderr).toMatch(/LEDGER_PINNED_KEYS requis/);
    expect(r.code).toBe(2);
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_events WHERE chain_id = 'gw-2024'`);
    expect(rows[0]!.n).toBe(300);
  }, 120_000);

  test('archives and purges the expired aligned segment; the package verifies offline; a changed byte fails; the ledger still verifies', async () => {
    const r = await datapedia(['ledger', 'retention'], { LEDGER_PINNED_KEYS: keysFile });
    expect(r.stdout).toMatch(/chaîne gw-2024 : événements 1 à 256 archivés dans .*, 256 purgé\(s\)/);
    expect(r.code).toBe(0);
    const [pkg] = await readdir(join(dir, 'archives'));
    const pkgDir = join(dir, 'archives', pkg!);
    const ok = await datapedia(['ledger', 'verify-archive', pkgDir, '--keys', keysFile]);
    expect(ok.stdout).toMatch(/archive valide : chaîne gw-2024, événements 1 à 256 \(256\)/);
    expect(ok.code).toBe(0);
    expect((await datapedia(['ledger', 'verify-archive', pkgDir])).code).toBe(2);
    const verified = await datapedia(['ledger', 'verify'], { LEDGER_PINNED_KEYS: keysFile });
    expect(verified.stdout).toMatch(/journal intègre/);
    expect(verified.code).toBe(0);
    const eventsFile = join(pkgDir, 'events.ndjson');
    const text = await readFile(eventsFile, 'utf8');
    const at = text.indexOf('Tarification cantine') + 2;
    await writeFile(eventsFile, `${text.slice(0, at)}X${text.slice(at + 1)}`);
    const bad = await datapedia(['ledger', 'verify-archive', pkgDir, '--keys', keysFile]);
    expect(bad.stdout).toMatch(/ARCHIVE INVALIDE/);
    expect(bad.code).toBe(2);
  }, 120_000);
});

describe('ledger keys and rotate-key', () => {
  test('the printed key set is the pinned one; after a rotation the old pinned set still verifies new checkpoints', async () => {
    const keys = await datapedia(['ledger', 'keys']);
    expect(JSON.parse(keys.stdout)).toEqual(JSON.parse(await readFile(keysFile, 'utf8')));
    const rotated = await datapedia(['ledger', 'rotate-key']);
    expect(rotated.stdout).toMatch(/nouvelle clé de signature : ledger-/);
    expect(rotated.code).toBe(0);
    const w = await openLedger({
      pool: db.pool,
      clock: manualClock(new Date()),
      chainId: 'gw-apres-rotation',
      keySecret: loadConfig({ NODE_ENV: 'test' }).KEY_ENCRYPTION_SECRET,
      checkpointEvery: { events: 1000, ms: 60_000 },
    });
    for (let i = 0; i < 5; i++) await w.writer.append(servedEvent(i));
    await w.close();
    const r = await datapedia(['ledger', 'verify'], { LEDGER_PINNED_KEYS: keysFile });
    expect(r.stdout).toMatch(/journal intègre/);
    expect(r.code).toBe(0);
  }, 120_000);
});
