/**
 * The "data obtained" job in a process of its own (a gateway's background job), for the crash
 * test: `node bin/run-ts.mjs tests/notify/data-obtained-child.ts <database url> <batch size> <kill at batch>`.
 * The process SIGKILLs itself inside the given batch's transaction, after the batch's
 * notifications were inserted and before the position and the commit.
 */
import pg from 'pg';
import { createDataObtainedJob } from '../../notify/index.js';
import { systemClock } from '../../schemas/index.js';

const [url, batchSize, killAt] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'data-obtained-child' });
let batches = 0;
const job = createDataObtainedJob({
  pool,
  clock: systemClock,
  batchSize: Number(batchSize),
  onBatch: (b) => {
    batches++;
    process.stdout.write(`batch ${batches} ${b.events} ${b.queued}\n`);
    if (batches === Number(killAt)) process.kill(process.pid, 'SIGKILL');
  },
});
await job.runOnce();
await pool.end();
process.stdout.write('done\n');
