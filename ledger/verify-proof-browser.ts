/**
 * Browser entry of the offline proof check (the /moi verifier page): exposes `verifyProof` as
 * `window.DatapediaPreuve.verifyProof`. No server is trusted: the page passes the proof file and
 * the pinned keys it fetched from `/.well-known/ledger-keys.json` (or that the person supplies).
 */
import { verifyProof } from './verify-proof.js';

(globalThis as unknown as { DatapediaPreuve: { verifyProof: typeof verifyProof } }).DatapediaPreuve = { verifyProof };
