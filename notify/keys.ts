/**
 * Notification keys: what makes two notifications the same one (the outbox queues a key once).
 * `data_obtained` is keyed by person and consumer, so it is queued the first time an
 * administration obtains data about the person — "a new administration", never again after.
 * The "data obtained" job builds the same key in SQL (store/ledger-tail.ts).
 */
export function dataObtainedKey(personRef: string, consumerSiret: string): string {
  return `data_obtained:${personRef}:${consumerSiret}`;
}

/** One notification per status a dossier reaches. */
export function dossierStatusKey(dossierId: string, status: string): string {
  return `dossier_status:${dossierId}:${status}`;
}
