import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { listMigrations, migrate, isMigrated, statementChecksum } from '../../gateway/process/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dp-mig-'));
  for (const [path, sql] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), sql);
  }
  return root;
}

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterEach(async () => {
  await db.drop();
});

describe('migrations are applied in order, recorded, and atomic', () => {
  test('the project migrations apply on an empty database and twice is a no-op', async () => {
    const first = await migrate(db.pool);
    expect(first.applied.length).toBe(listMigrations().length);
    expect(await isMigrated(db.pool)).toBe(true);
    expect((await migrate(db.pool)).applied).toEqual([]);
  });

  test('migrations of every domain run in file-name order', async () => {
    const root = tree({
      'ledger/migrations/202601010002_b.sql': 'CREATE TABLE b (id int REFERENCES a(id));',
      'catalog/migrations/202601010001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);',
    });
    const ms = listMigrations(root);
    expect(ms.map((m) => m.name)).toEqual(['202601010001_a.sql', '202601010002_b.sql']);
    expect((await migrate(db.pool, ms)).applied).toHaveLength(2);
  });

  test('a failed migration leaves the database as it was', async () => {
    const root = tree({
      'catalog/migrations/202601010001_ok.sql': 'CREATE TABLE ok (id int);',
      'catalog/migrations/202601010002_bad.sql': 'CREATE TABLE half (id int); SELECT * FROM does_not_exist;',
    });
    await expect(migrate(db.pool, listMigrations(root))).rejects.toThrow(/202601010002_bad\.sql failed/);
    const { rows } = await db.pool.query(`SELECT to_regclass('ok') AS ok, to_regclass('half') AS half`);
    expect(rows[0]).toEqual({ ok: 'ok', half: null });
    const recorded = await db.pool.query('SELECT name FROM schema_migrations');
    expect(recorded.rows.map((r) => r.name)).toEqual(['202601010001_ok.sql']);
  });

  test('an applied migration that was edited is refused', async () => {
    const root = tree({ 'catalog/migrations/202601010001_a.sql': 'CREATE TABLE a (id int);' });
    await migrate(db.pool, listMigrations(root));
    writeFileSync(join(root, 'catalog/migrations/202601010001_a.sql'), 'CREATE TABLE a (id bigint);');
    await expect(migrate(db.pool, listMigrations(root))).rejects.toThrow(/was changed/);
  });

  test('rewording a comment of an applied migration is not a schema change', async () => {
    const root = tree({ 'catalog/migrations/202601010001_a.sql': '-- Old wording.\nCREATE TABLE a (id int);\n' });
    await migrate(db.pool, listMigrations(root));
    writeFileSync(
      join(root, 'catalog/migrations/202601010001_a.sql'),
      '-- New wording (docs/architecture.md).\nCREATE TABLE a (id int);\n',
    );
    expect((await migrate(db.pool, listMigrations(root))).applied).toEqual([]);
    writeFileSync(join(root, 'catalog/migrations/202601010001_a.sql'), '-- New wording.\nCREATE TABLE a (id bigint);\n');
    await expect(migrate(db.pool, listMigrations(root))).rejects.toThrow(/was changed/);
  });

  test('a database that recorded the full-text checksum is recognised and upgraded', async () => {
    const sql = '-- A comment.\nCREATE TABLE a (id int);\n';
    const root = tree({ 'catalog/migrations/202601010001_a.sql': sql });
    await migrate(db.pool, listMigrations(root));
    const fullText = createHash('sha256').update(sql).digest('hex');
    await db.pool.query('UPDATE schema_migrations SET checksum = $1', [fullText]);
    expect((await migrate(db.pool, listMigrations(root))).applied).toEqual([]);
    const { rows } = await db.pool.query('SELECT checksum FROM schema_migrations');
    expect(rows[0].checksum).toBe(statementChecksum(sql));
  });

  test('a badly named migration file is a programming error', () => {
    const root = tree({ 'catalog/migrations/add_stuff.sql': 'SELECT 1;' });
    expect(() => listMigrations(root)).toThrow(TypeError);
  });
});
