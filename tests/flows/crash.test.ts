import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fetchDossier, openAttachment, sweepOrphanBlobs, listInbox } from '../../flows/index.js';
import { LYON, footprint, startFlowsWorld, type FlowsWorld } from './world.js';

let w: FlowsWorld;
beforeAll(async () => {
  w = await startFlowsWorld();
});
afterAll(async () => {
  await w.stop();
});

/** Runs the child until `until(lines)` holds, then SIGKILLs it; returns its stdout lines. */
function runChild(mode: 'hang' | 'burst', until: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('tests/flows/child-deposit.ts'), w.db.url, w.blobDir, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
      if (until(lines)) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('exit', () => done(lines));
  });
}

describe('a deposit killed between its blob and its COMMIT', () => {
  test('leaves no half dossier, and the orphan sweep removes its blob', async () => {
    const before = await footprint(w);
    await runChild('hang', (lines) => lines.includes('appending'));
    const after = await footprint(w);
    expect([after.dossiers, after.attachments]).toEqual([before.dossiers, before.attachments]);
    const orphans = after.blobs.filter((b) => !before.blobs.includes(b));
    expect(orphans).toHaveLength(1);
    // Within the grace period the sweep keeps it (a deposit may still be committing).
    expect((await sweepOrphanBlobs(w.ctx)).deleted).toEqual([]);
    w.clock.set(new Date(Date.now() + 2 * 3600_000));
    const swept = await sweepOrphanBlobs(w.ctx);
    expect(swept.deleted).toEqual(orphans);
    expect((await footprint(w)).blobs).toEqual(before.blobs);
  }, 120_000);
});

describe('SIGKILL during a burst of deposits', () => {
  test('every answered deposit is a stored, routed dossier whose attachment is intact; the sweep keeps them all', async () => {
    const lines = await runChild('burst', (l) => l.filter((x) => x.startsWith('ok ')).length >= 60);
    const answered = lines
      .filter((l) => l.startsWith('ok '))
      .map((l) => l.split(' '))
      .map(([, id, sha]) => ({ id: id!, sha: sha! }));
    expect(answered.length).toBeGreaterThanOrEqual(60);
    w.clock.set(new Date(Date.now() + 2 * 3600_000));
    await sweepOrphanBlobs(w.ctx);
    const inbox = new Set<string>();
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = await listInbox(w.ctx, { subscriberSiret: LYON.siret, cursor, limit: 500 });
      page.items.forEach((d) => inbox.add(d.id));
      cursor = page.nextCursor;
    }
    const actor = { kind: 'agent' as const, id: 'agent-lyon', organisationSiret: LYON.siret };
    for (const a of answered) {
      expect(inbox.has(a.id)).toBe(true);
      const d = await fetchDossier(w.ctx, { subscriberSiret: LYON.siret, dossierId: a.id, actor });
      expect(d.attachments[0]!.sha256).toBe(a.sha);
      const h = createHash('sha256');
      for await (const c of (await openAttachment(w.ctx, { subscriberSiret: LYON.siret, dossierId: a.id, n: 1, actor })).stream)
        h.update(c as Buffer);
      expect(h.digest('hex')).toBe(a.sha);
    }
  }, 90_000);
});
