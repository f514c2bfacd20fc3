import type pg from 'pg';

/** What the stores need: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;
