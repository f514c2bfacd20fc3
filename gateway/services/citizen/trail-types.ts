/** The ledger event types the citizen's trail shows (exchanges, whatever their outcome). */
export const EXCHANGE_TYPES = ['exchange.served', 'exchange.denied', 'exchange.failed'] as const;
