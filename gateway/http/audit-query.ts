import type { Request } from 'express';
import type { ContractReviewQuery } from '../../audit/index.js';
import { queryParam } from './query.js';

/** The review filters of a request (each given once). */
export function reviewQuery(req: Request): ContractReviewQuery {
  const out: ContractReviewQuery = {};
  for (const k of ['producer', 'consumer', 'api', 'sensitivity', 'status', 'expiresBefore'] as const) {
    const v = queryParam(req, k);
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

export function pageQuery(req: Request): { cursor?: string; limit?: string } {
  return { cursor: queryParam(req, 'cursor') || undefined, limit: queryParam(req, 'limit') || undefined };
}
