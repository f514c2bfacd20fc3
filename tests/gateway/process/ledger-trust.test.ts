/** The ledger's trust anchors as configured: inline or from files; a bad value names its variable. */
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { loadLedgerTrust, platformRetention } from '../../../gateway/process/ledger-trust.js';

let dir: string;
let key: Record<string, unknown>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dp-trust-'));
  key = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)) };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadLedgerTrust', () => {
  test('unset: no pinned keys, no witnesses', async () => {
    await expect(loadLedgerTrust({})).resolves.toEqual({ pinned: undefined, witnesses: [], quorum: undefined });
  });

  test('pinned keys and witnesses, inline or from a file', async () => {
    const keys = JSON.stringify({ keys: [{ ...key, kid: 'k1' }] });
    const witnesses = JSON.stringify([
      { name: 'temoin-1', url: 'http://temoin-1:8090/', key },
      { name: 'temoin-2', url: 'http://temoin-2:8090', key },
    ]);
    const inline = await loadLedgerTrust({ LEDGER_PINNED_KEYS: keys, LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_QUORUM: 1 });
    expect(inline.pinned).toEqual([expect.objectContaining({ kid: 'k1', alg: 'ES256' })]);
    expect(inline.witnesses.map((w) => w.url)).toEqual(['http://temoin-1:8090', 'http://temoin-2:8090']);
    expect(inline.quorum).toBe(1);
    await writeFile(join(dir, 'keys.json'), keys);
    await writeFile(join(dir, 'witnesses.json'), witnesses);
    await expect(
      loadLedgerTrust({ LEDGER_PINNED_KEYS: join(dir, 'keys.json'), LEDGER_WITNESSES: join(dir, 'witnesses.json') }),
    ).resolves.toEqual({ ...inline, quorum: undefined });
  });

  test('a bad value names its variable', async () => {
    await expect(loadLedgerTrust({ LEDGER_PINNED_KEYS: join(dir, 'absent.json') })).rejects.toThrow(/^LEDGER_PINNED_KEYS: /);
    await expect(loadLedgerTrust({ LEDGER_PINNED_KEYS: JSON.stringify({ keys: [{ ...key, kid: 'k', d: 'secret' }] }) })).rejects.toThrow(
      /^LEDGER_PINNED_KEYS: .*private/,
    );
    await expect(loadLedgerTrust({ LEDGER_WITNESSES: '[{"name":"x"}]' })).rejects.toThrow(/^LEDGER_WITNESSES: /);
    await expect(
      loadLedgerTrust({ LEDGER_WITNESS_QUORUM: 2, LEDGER_WITNESSES: JSON.stringify([{ name: 'a', url: 'http://a', key }]) }),
    ).rejects.toThrow(/^LEDGER_WITNESS_QUORUM: /);
  });

  test('retention bounds: min above max is refused', () => {
    expect(
      platformRetention({
        LEDGER_ARCHIVE_DIR: 'a',
        LEDGER_RETENTION_MIN_DAYS: 180,
        LEDGER_RETENTION_MAX_DAYS: 365,
        LEDGER_RETENTION_INTERVAL_MS: 60_000,
      }),
    ).toEqual({ minMs: 180 * 86_400_000, maxMs: 365 * 86_400_000 });
    expect(() =>
      platformRetention({
        LEDGER_ARCHIVE_DIR: 'a',
        LEDGER_RETENTION_MIN_DAYS: 400,
        LEDGER_RETENTION_MAX_DAYS: 365,
        LEDGER_RETENTION_INTERVAL_MS: 60_000,
      }),
    ).toThrow(/LEDGER_RETENTION_MIN_DAYS/);
  });
});
