import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  createLedgerWriter,
  loadLedgerSigner,
  listLedgerKeys,
  buildProof,
  bundleProofVerifier,
  type ProofBundle,
  type LedgerPublicKey,
} from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
let browser: Browser;
let server: Server;
let url: string;
let proof: ProofBundle;
let keys: LedgerPublicKey[];

beforeAll(async () => {
  db = await createTestDatabase();
  const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-browser', clock: manualClock(), signer: await loadLedgerSigner(db.pool) });
  const events = await Promise.all(Array.from({ length: 300 }, (_, i) => w.append(servedEvent(i))));
  await w.close();
  keys = await listLedgerKeys(db.pool);
  proof = await buildProof(db.pool, events[77]!.id);
  const script = await bundleProofVerifier();
  // A secure context (http://127.0.0.1) so that WebCrypto is available, as on the /moi page.
  server = createServer((req, res) => {
    if (req.url === '/verifier.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html lang="fr"><head><title>preuve</title><script src="/verifier.js"></script></head><body></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
  await db.drop();
});

describe('the proof verifier runs in a browser, trusting no server', () => {
  test('a downloaded proof verifies in the page with only the pinned keys; a changed byte fails', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const check = (p: unknown) =>
      page.evaluate(
        ([b, k]) =>
          (
            globalThis as unknown as {
              DatapediaPreuve: { verifyProof(b: unknown, o: unknown): Promise<{ ok: boolean; errors: string[] }> };
            }
          ).DatapediaPreuve.verifyProof(b, { trustedKeys: k }),
        [p, keys] as const,
      );
    await expect(check(proof)).resolves.toMatchObject({ ok: true, errors: [] });
    const altered = JSON.parse(JSON.stringify(proof)) as ProofBundle;
    altered.segment[0].object = `${altered.segment[0].object}!`;
    expect((await check(altered)).ok).toBe(false);
    const other = JSON.parse(JSON.stringify(proof)) as ProofBundle;
    other.inclusion.path[3] = other.inclusion.path[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await check(other)).ok).toBe(false);
    await page.close();
  });
});
