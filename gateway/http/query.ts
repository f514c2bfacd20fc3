import type { Request } from 'express';
import { ProblemError } from '../../schemas/index.js';

/**
 * One query parameter as a single string. A repeated parameter is refused (an allowlist of
 * shapes: `?a=1&a=2` or `?a[x]=1` could smuggle values past checks).
 */
export function queryParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ProblemError('client.duplicate_parameter', { detail: `Le paramètre « ${name} » doit apparaître une seule fois.` });
  return v;
}
