import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { sha256Hex, type ChainHead } from '../checkpoint.js';
import type { LedgerPublicKey } from '../keys.js';
import { importLedgerKeys, verifyCheckpointJws } from '../verify-checkpoints.js';
import { b64uToBytes, hexToBytes, verifyConsistency } from '../merkle-verify.js';
import { signCosignature } from './cosignature.js';

/**
 * A witness (in the spirit of C2SP tlog-witness): a separate process with its own state file and
 * its own key. It co-signs a checkpoint only if the log's key signed it and, for every chain it
 * already knows, an RFC 9162 consistency proof shows the new head extends the one it co-signed
 * last; chains never disappear, closed chains never move, numbers only grow.
 *
 * - `POST /add-checkpoint` `{ old, checkpoint, proofs: { chainId: [base64url...] } }` → 200
 *   `{ cosignature }`; 409 `{ number }` when `old` is not its latest number (retry from there);
 *   422 when the signature or a proof fails.
 * - `GET /latest` → `{ checkpoint, cosignature }` (nulls before the first).
 * - `GET /key` → the witness's public JWK.
 */
export interface WitnessState {
  number: number;
  sha256: string | null;
  checkpoint: string | null;
  cosignature: string | null;
  heads: ChainHead[];
}

export interface WitnessOptions {
  name: string;
  /** JSON state file (written atomically: temporary file then rename). */
  statePath: string;
  /** Private JWK of the witness (created on first start). */
  keyPath: string;
  /** The log's pinned keys. */
  logKeys: LedgerPublicKey[];
  now?: () => number;
}

export interface Witness {
  handle(req: IncomingMessage, res: ServerResponse): void;
  publicKey: JWK;
  state(): WitnessState;
}

async function loadKey(path: string): Promise<{ key: CryptoKey; publicKey: JWK }> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    jwk = await exportJWK(privateKey);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(jwk), { mode: 0o600 });
  }
  const { d: _d, ...pub } = jwk;
  return { key: (await importJWK(jwk, 'ES256')) as CryptoKey, publicKey: { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y } };
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? status));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new Refusal(413, { error: 'corps trop grand' });
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Refusal(400, { error: 'JSON invalide' });
  }
}

export async function createWitness(opts: WitnessOptions): Promise<Witness> {
  const { key, publicKey } = await loadKey(opts.keyPath);
  const logKeys = await importLedgerKeys(opts.logKeys);
  let state: WitnessState;
  try {
    state = JSON.parse(await readFile(opts.statePath, 'utf8')) as WitnessState;
  } catch {
    state = { number: 0, sha256: null, checkpoint: null, cosignature: null, heads: [] };
  }
  let queue: Promise<unknown> = Promise.resolve();

  async function add(body: Record<string, unknown>): Promise<{ cosignature: string }> {
    const jws = body.checkpoint;
    if (typeof jws !== 'string' || typeof body.old !== 'number') throw new Refusal(400, { error: 'checkpoint et old requis' });
    const payload = await verifyCheckpointJws(jws, logKeys);
    if (typeof payload === 'string') throw new Refusal(422, { error: `point de contrôle : ${payload}` });
    const sha = sha256Hex(jws);
    if (payload.number === state.number && sha === state.sha256) return { cosignature: state.cosignature! };
    if (body.old !== state.number || payload.number <= state.number) throw new Refusal(409, { number: state.number });
    if (payload.number === state.number + 1 && state.sha256 && payload.prev !== state.sha256)
      throw new Refusal(422, { error: `le point de contrôle ${payload.number} ne suit pas le ${state.number}` });
    const next = new Map(payload.heads.map((h) => [h.chain_id, h]));
    const proofs = (body.proofs ?? {}) as Record<string, unknown>;
    for (const old of state.heads) {
      const h = next.get(old.chain_id);
      if (!h) throw new Refusal(422, { error: `chaîne ${old.chain_id} disparue` });
      if (old.closed && (h.seq !== old.seq || !h.closed)) throw new Refusal(422, { error: `chaîne ${old.chain_id} fermée puis reprise` });
      const proof = proofs[old.chain_id] ?? [];
      if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string'))
        throw new Refusal(400, { error: `preuve de ${old.chain_id} illisible` });
      let ok: boolean;
      try {
        ok = await verifyConsistency(old.seq, h.seq, hexToBytes(old.root), hexToBytes(h.root), (proof as string[]).map(b64uToBytes));
      } catch {
        ok = false;
      }
      if (!ok) throw new Refusal(422, { error: `chaîne ${old.chain_id} : preuve de cohérence ${old.seq} → ${h.seq} invalide` });
    }
    const cosignature = await signCosignature(key, {
      typ: 'datapedia.ledger.cosignature',
      witness: opts.name,
      number: payload.number,
      sha256: sha,
      timestamp: (opts.now ?? Date.now)(),
    });
    const updated: WitnessState = { number: payload.number, sha256: sha, checkpoint: jws, cosignature, heads: payload.heads };
    const tmp = `${opts.statePath}.tmp`;
    await mkdir(dirname(opts.statePath), { recursive: true });
    await writeFile(tmp, JSON.stringify(updated));
    await rename(tmp, opts.statePath);
    state = updated;
    return { cosignature };
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  }

  return {
    publicKey,
    state: () => state,
    handle(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/latest')
        return send(res, 200, { checkpoint: state.checkpoint, cosignature: state.cosignature });
      if (req.method === 'GET' && path === '/key') return send(res, 200, { name: opts.name, key: publicKey });
      if (req.method === 'POST' && path === '/add-checkpoint') {
        // One checkpoint at a time: the state moves in order.
        const work = queue.then(async () => add(await readJson(req)));
        queue = work.catch(() => undefined);
        work.then(
          (b) => send(res, 200, b),
          (err: unknown) => (err instanceof Refusal ? send(res, err.status, err.body) : send(res, 500, { error: 'erreur interne' })),
        );
        return;
      }
      send(res, 404, { error: 'introuvable' });
    },
  };
}

/** Starts a witness on `port` (0 = any); the thin `datapedia witness` command calls this. */
export async function startWitnessServer(
  opts: WitnessOptions & { port: number; host?: string },
): Promise<{ url: string; witness: Witness; close(): Promise<void> }> {
  const witness = await createWitness(opts);
  const server = createServer((req, res) => witness.handle(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${addr.port}`,
    witness,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
