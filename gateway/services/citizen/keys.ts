import { createHmac } from 'node:crypto';
import type { Config } from '../../config.js';

/** A key derived from SESSION_SECRET for one purpose (HMAC-SHA256, base64url). */
export function deriveKey(config: Pick<Config, 'SESSION_SECRET'>, purpose: string): string {
  return createHmac('sha256', config.SESSION_SECRET).update(`datapedia:consent:${purpose}`).digest('base64url');
}
