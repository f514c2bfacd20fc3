/**
 * "A new administration obtained data about me" (CRPA L114-8 I): after the ledger committed a
 * served exchange about a person, the person is notified — if they opted in — the first time
 * that consumer obtains data about them (the key `data_obtained:<person>:<consumer>` is
 * queued once, notify/keys.ts). The notification is queued after the commit (it announces
 * only what is in the ledger) and off the exchange's answer path: a failure to queue it is
 * logged, never turned into a failed exchange.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { dataObtainedKey, notifyPerson } from '../../../notify/index.js';
import type { Clock } from '../../../schemas/index.js';
import type { LedgerWriter } from '../../../exchange/index.js';

export function notifyingDataObtained(port: LedgerWriter, o: { pool: pg.Pool; clock: Clock; logger: Pick<Logger, 'warn'> }): LedgerWriter {
  return {
    async append(event) {
      const committed = await port.append(event);
      if (event.outcome === 'served' && event.subjectKind === 'person' && event.subjectRef && event.consumerSiret) {
        const personRef = event.subjectRef;
        notifyPerson(o.pool, {
          personRef,
          kind: 'data_obtained',
          key: dataObtainedKey(personRef, event.consumerSiret),
          at: o.clock.now(),
        }).catch((err: unknown) => o.logger.warn({ err, exchangeId: event.id }, 'data_obtained notification not queued'));
      }
      return committed;
    },
  };
}
