import { createKeySealer as createSealer, type KeySealer } from '../schemas/index.js';

export type { KeySealer };

/** The sealer of the contracts' signing keys (tokens, artefacts): schemas/key-sealer.ts, purpose `signing-keys`. */
export function createKeySealer(secret: string): KeySealer {
  return createSealer(secret, 'signing-keys');
}
