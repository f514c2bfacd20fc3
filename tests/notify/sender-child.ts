/**
 * A notification sender in a process of its own (a gateway's background job), for the restart
 * test: `node bin/run-ts.mjs tests/notify/sender-child.ts <database url> <smtp port> <sender id> <lease ms>`.
 */
import pg from 'pg';
import { createOutboxSender, createSmtpMailer } from '../../notify/index.js';
import { systemClock } from '../../schemas/index.js';

const [url, port, senderId, leaseMs] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 2 });
const mailer = createSmtpMailer({ host: '127.0.0.1', port: Number(port), timeoutMs: 5000 });
const sender = createOutboxSender({
  pool,
  clock: systemClock,
  mailer,
  from: 'Datapedia <ne-pas-repondre@datapedia.test>',
  publicUrl: 'https://datapedia.test',
  messageIdDomain: 'notify.datapedia.test',
  senderId,
  leaseMs: Number(leaseMs),
  batchSize: 1,
  retryBaseMs: 200,
});
sender.start(50);
process.stdout.write('ready\n');
const stop = async () => {
  await sender.stop();
  mailer.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => {
  void stop();
});
