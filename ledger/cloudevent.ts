import type { CommittedEvent } from './event.js';

/** A CloudEvents 1.0 event in structured JSON mode (CloudEvents JSON format §3). */
export interface LedgerCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  subject?: string;
  /** Extension attributes (lowercase alphanumeric names, CloudEvents §3.1.1). */
  chainid: string;
  seq: number;
  data: CommittedEvent;
}

/** Media type of a structured-mode CloudEvent (CloudEvents Kafka binding §3.2). */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json; charset=UTF-8';

/**
 * The CloudEvent of a committed ledger event. `id` is the event id, so consumers deduplicate
 * (at-least-once delivery); `data` is the full record with its hash, so consumers can check it.
 */
export function toCloudEvent(e: CommittedEvent): LedgerCloudEvent {
  return {
    specversion: '1.0',
    id: e.id,
    source: `urn:datapedia:ledger:${e.chain_id}`,
    type: `fr.gouv.datapedia.ledger.${e.type}`,
    time: new Date(e.occurred_at).toISOString(),
    datacontenttype: 'application/json',
    ...(e.api_slug ? { subject: e.api_slug } : {}),
    chainid: e.chain_id,
    seq: e.seq,
    data: e,
  };
}
