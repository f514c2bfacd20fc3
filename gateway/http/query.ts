import type { Request } from 'express';
import { ProblemError } from '../../schemas/index.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * One query parameter as a single string. A repeated parameter is refused (an allowlist of
 * shapes: `?a=1&a=2` or `?a[x]=1` could smuggle values past checks); a value holding a control
 * character (NUL first: PostgreSQL text refuses it) is 400 `client.invalid_parameter`.
 */
export function queryParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new ProblemError('client.duplicate_parameter', { detail: `Le paramètre « ${name} » doit apparaître une seule fois.` });
  if (CONTROL.test(v))
    throw new ProblemError('client.invalid_parameter', {
      detail: `Caractère de contrôle interdit dans « ${name} ».`,
      errors: [{ pointer: `/${name}`, detail: 'caractère de contrôle' }],
    });
  return v;
}
