import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;
export { withTransaction } from '../../schemas/index.js';
