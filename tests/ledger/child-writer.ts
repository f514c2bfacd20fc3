/**
 * A writer process for the multi-process tests: opens the ledger like a gateway (own chain,
 * checkpoints), appends with 32 concurrent "requests" until killed and prints each committed
 * event id ("acknowledged to the client") on stdout.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { systemClock } from '../../schemas/index.js';
import { openLedger } from '../../ledger/index.js';

const pool = new pg.Pool({ connectionString: process.argv[2], max: 4 });
pool.on('error', () => undefined);
const ledger = await openLedger({ pool, clock: systemClock, checkpointEvery: { events: 200, ms: 100 } });
process.stdout.write(`chain ${ledger.writer.chainId}\n`);
const limit = Number(process.argv[3] ?? Infinity);
let n = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (n < limit) {
      n += 1;
      const e = await ledger.writer.append({
        id: randomUUID(),
        type: 'exchange.served',
        occurredAt: new Date(),
        consumerSiret: '21690123100011',
        outcome: 'served',
        status: 200,
      });
      process.stdout.write(`${e.id}\n`);
    }
  }),
);
await ledger.close();
await pool.end();
process.stdout.write('done\n');
