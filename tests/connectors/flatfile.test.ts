import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFlatFileConnector, type FlatFileConfig, type FlatFileConnector } from '../../connectors/index.js';
import { readZoned, readPackedDate } from '../../connectors/flatfile/fields.js';
import { context, expectProblem, request } from './helpers.js';
import { eventually } from '../helpers/eventually.js';

/** Layout: type(2) NOM(20) DATNAIS(8, AAAAMMJJ) MONTANT(7, zoned signed, 2 decimals) = 37. */
const FIXED: FlatFileConfig = {
  kind: 'flatfile',
  file: 'extract.dat',
  format: 'fixed',
  encoding: 'latin1',
  watch: true,
  fixed: {
    recordLength: 37,
    typeLength: 2,
    detailType: '01',
    trailerType: '99',
    trailerCount: { offset: 2, length: 6 },
    fields: [
      { name: 'NOM', offset: 2, length: 20, type: 'alphanumeric' },
      { name: 'DATNAIS', offset: 22, length: 8, type: 'packed_date' },
      { name: 'MONTANT', offset: 30, length: 7, type: 'zoned', scale: 2 },
    ],
  },
  key: ['NOM', 'DATNAIS'],
  operations: { getMontant: { key: ['{nom}', '{annee}-{mois|pad2}-{jour|pad2}'], mapping: 'm' } },
  mappings: {
    m: {
      fields: [
        { to: '/nom', from: '/NOM' },
        { to: '/date_naissance', from: '/DATNAIS', convert: 'date_iso' },
        { to: '/montant', from: '/MONTANT', convert: 'decimal' },
      ],
    },
  },
};

const rec = (nom: string, date: string, montant: string) => `01${nom.padEnd(20)}${date}${montant}`;
const trailer = (n: number) => `99${String(n).padStart(6, '0')}`.padEnd(37);
const extract = (lines: string[], count = lines.length) => Buffer.from([...lines, trailer(count)].join('\n') + '\n', 'latin1');

let dir: string;
let flat: FlatFileConnector;
const ask = (nom: string, annee: number, mois: number, jour: number) =>
  flat.fetch(request('getMontant', { nom, annee, mois, jour }), context());

/** Writes aside then renames, as a well-behaved producer does (the watcher sees the rename). */
function publish(buf: Buffer): void {
  writeFileSync(join(dir, 'extract.tmp'), buf);
  renameSync(join(dir, 'extract.tmp'), join(dir, 'extract.dat'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dp-flat-'));
  publish(
    extract([
      rec('LEFÈVRE', '19800215', '0012345'),
      rec('GARÇON', '19991231', '000010}'),
      rec('CORROMPU', '19801345', '0000001'),
      '01TROP COURT',
      rec('DUPONT', '20010101', '00001A'.padStart(7, '0')),
      rec('DURAND', '19700101', '0000100'),
      rec('MARTIN', '19700101', '0000100'),
      rec('BERNARD', '19700101', '0000100'),
      rec('THOMAS', '19700101', '0000100'),
      rec('PETIT', '19700101', '0000100'),
      rec('ROBERT', '19700101', '0000100'),
      rec('RICHARD', '19700101', '0000100'),
      rec('SIMON', '19700101', '0000100'),
      rec('MICHEL', '19700101', '0000100'),
      rec('LAURENT', '19700101', '0000100'),
      rec('MOREAU', '19700101', '0000100'),
      rec('ROUX', '19700101', '0000100'),
      rec('DAVID', '19700101', '0000100'),
      rec('FOURNIER', '19700101', '0000100'),
      rec('GIRARD', '19700101', '0000100'),
      rec('BONNET', '19700101', '0000100'),
    ]),
  );
  flat = await createFlatFileConnector(FIXED, { baseDir: dir });
});
afterAll(async () => {
  await flat?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fixed-width fields (copybook types)', () => {
  test('zoned decimals with overpunched sign and implied decimals', () => {
    expect(readZoned('0012345', 2)).toBe(123.45);
    expect(readZoned('000010}', 2)).toBe(-1);
    expect(readZoned('00001A', 0)).toBe(11);
    expect(() => readZoned('12X4')).toThrow();
  });
  test('packed dates: AAAAMMJJ, JJMMAAAA, zeros = no date, impossible dates refused', () => {
    expect(readPackedDate('19800215')).toBe('1980-02-15');
    expect(readPackedDate('15021980', 'JJMMAAAA')).toBe('1980-02-15');
    expect(readPackedDate('00000000')).toBeNull();
    expect(() => readPackedDate('19800230')).toThrow();
  });
});

describe('flat-file connector (fixed-width, Latin-1)', () => {
  test('finds a record by canonical key (accents of the Latin-1 file, any case) and maps it', async () => {
    await expect(ask('Lefevre', 1980, 2, 15)).resolves.toEqual({
      status: 200,
      body: { nom: 'LEFÈVRE', date_naissance: '1980-02-15', montant: 123.45 },
    });
    await expect(ask('garçon', 1999, 12, 31)).resolves.toMatchObject({ body: { montant: -1 } });
  });

  test('corrupt lines are rejected alone and reported with their line numbers', async () => {
    expect(flat.lastReport()).toMatchObject({ outcome: 'loaded', records: 19 });
    expect(flat.lastReport()!.rejected.map((r) => r.line)).toEqual([3, 4]);
    await expectProblem(ask('CORROMPU', 1980, 13, 45), 'provider.not_found');
  });

  test('an unknown key -> provider.not_found', async () => {
    await expectProblem(ask('INCONNU', 1980, 2, 15), 'provider.not_found');
  });

  test('a file written to while it is being read is refused (size/mtime must hold still), the index keeps serving', async () => {
    const reloading = flat.reload();
    appendFileSync(join(dir, 'extract.dat'), Buffer.from(`${rec('TARDIF', '19800215', '0000001')}\n`, 'latin1'));
    expect(await reloading).toMatchObject({ outcome: 'refused', records: 19 });
    await expect(ask('LEFEVRE', 1980, 2, 15)).resolves.toMatchObject({ body: { montant: 123.45 } });
  });

  test('a file replaced by a half-written one (no trailer, or a short count) never replaces the good index', async () => {
    writeFileSync(
      join(dir, 'extract.dat'),
      Buffer.from(rec('NOUVEAU', '19800215', '0000001') + '\n' + rec('LEFÈVRE', '19800215', '00'), 'latin1'),
    );
    expect(await flat.reload()).toMatchObject({ outcome: 'refused', records: 19 });
    await expect(ask('LEFEVRE', 1980, 2, 15)).resolves.toMatchObject({ body: { montant: 123.45 } });
    writeFileSync(join(dir, 'extract.dat'), extract([rec('NOUVEAU', '19800215', '0000001')], 2));
    expect(await flat.reload()).toMatchObject({ outcome: 'refused' });
    await expectProblem(ask('NOUVEAU', 1980, 2, 15), 'provider.not_found');
  });

  test('a complete new extract is swapped in atomically, picked up by the watcher', async () => {
    publish(extract([rec('NOUVEAU', '19800215', '0000001'), rec('LEFÈVRE', '19800215', '0099999')]));
    await eventually('the watcher swaps the new extract in', () => flat.lastReport()?.records === 2, undefined, 50);
    await expect(ask('nouveau', 1980, 2, 15)).resolves.toMatchObject({ body: { montant: 0.01 } });
    await expect(ask('LEFEVRE', 1980, 2, 15)).resolves.toMatchObject({ body: { montant: 999.99 } });
  });

  test('two records with the same key are never answered (ambiguous)', async () => {
    publish(extract([rec('JUMEAU', '19800215', '0000001'), rec('JUMEAU', '19800215', '0000002'), rec('SEUL', '19800215', '0000003')]));
    expect(await flat.reload()).toMatchObject({ outcome: 'loaded', ambiguousKeys: 1 });
    await expectProblem(ask('JUMEAU', 1980, 2, 15), 'provider.not_found');
  });

  test('an extract that is mostly garbage is refused whole', async () => {
    publish(extract(['01xx', '01yy', rec('SEUL', '19800215', '0000003')]));
    expect(await flat.reload()).toMatchObject({ outcome: 'refused' });
    await expect(ask('SEUL', 1980, 2, 15)).resolves.toMatchObject({ status: 200 });
  });

  test('a missing file at start: the connector is down and answers provider.unavailable', async () => {
    const none = await createFlatFileConnector({ ...FIXED, watch: false }, { baseDir: join(dir, 'absent') });
    expect(await none.health()).toMatchObject({ status: 'down' });
    await expectProblem(none.fetch(request('getMontant', { nom: 'X' }), context()), 'provider.unavailable');
    await none.close();
  });
});

describe('flat-file connector (CSV, UTF-8)', () => {
  const CSV: FlatFileConfig = {
    kind: 'flatfile',
    file: 'communes.csv',
    format: 'csv',
    encoding: 'utf8',
    watch: false,
    csv: { delimiter: ';', columns: ['CODE', 'NOM', 'POP'], header: true },
    key: ['CODE'],
    operations: { getCommune: { key: ['{code}'], mapping: 'c' } },
    mappings: {
      c: {
        fields: [
          { to: '/code', from: '/CODE' },
          { to: '/nom', from: '/NOM' },
          { to: '/population', from: '/POP', convert: 'integer' },
        ],
      },
    },
  };
  const rows = ['CODE;NOM;POP', '69123;Lyon;519127', '13055;Marseille;873076', '33063;Bordeaux', '75056;"Paris;capitale";2133111'];
  for (let i = 0; i < 20; i++) rows.push(`${String(10000 + i)};Commune ${i};${i}`);

  test('loads, rejects a line with the wrong column count (reported with its number), answers by key', async () => {
    writeFileSync(join(dir, 'communes.csv'), rows.join('\n') + '\n');
    const csv = await createFlatFileConnector(CSV, { baseDir: dir });
    expect(csv.lastReport()).toMatchObject({ outcome: 'loaded', records: 23, rejected: [{ line: 4 }] });
    await expect(csv.fetch(request('getCommune', { code: '75056' }), context())).resolves.toEqual({
      status: 200,
      body: { code: '75056', nom: 'Paris;capitale', population: 2133111 },
    });
    await expectProblem(csv.fetch(request('getCommune', { code: '33063' }), context()), 'provider.not_found');
    // cut mid-line (no final line break): refused, the previous index stays
    writeFileSync(join(dir, 'communes.csv'), rows.slice(0, 3).join('\n') + '\n69381;Lyo');
    expect(await csv.reload()).toMatchObject({ outcome: 'refused', records: 23 });
    await expect(csv.fetch(request('getCommune', { code: '13055' }), context())).resolves.toMatchObject({ status: 200 });
    await csv.close();
  });
});
