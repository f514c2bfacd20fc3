/**
 * A witness as a separate process (tests): `node --import tsx tests/ledger/witness-process.ts NAME PORT STATE_DIR
 * PINNED_KEYS_FILE`. Prints `listening URL` then `key JWK` on stdout. The `datapedia witness`
 * command is the same call with configuration.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startWitnessServer } from '../../ledger/witness/server.js';
import { parsePinnedKeys } from '../../ledger/trust.js';

const [name, port, dir, keysFile] = process.argv.slice(2);
if (!name || !port || !dir || !keysFile) {
  process.stderr.write('usage: witness-process.ts NAME PORT STATE_DIR PINNED_KEYS_FILE\n');
  process.exit(2);
}
const server = await startWitnessServer({
  name,
  port: Number(port),
  statePath: join(dir, `${name}.state.json`),
  keyPath: join(dir, `${name}.key.json`),
  logKeys: parsePinnedKeys(await readFile(keysFile, 'utf8')),
});
process.stdout.write(`listening ${server.url}\nkey ${JSON.stringify(server.witness.publicKey)}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
