import { createHmac } from 'node:crypto';
import type pg from 'pg';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { createKeySealer } from '../../schemas/index.js';
import {
  consumeOidcArtefactById,
  deleteOidcArtefactById,
  deleteOidcArtefactsByGrantId,
  findOidcArtefactById,
  findOidcArtefactByUid,
  findOidcArtefactByUserCode,
  upsertOidcArtefact,
  type SealedArtefact,
} from '../store/oidc-artefacts.js';

/**
 * oidc-provider's storage port on PostgreSQL, so several gateway processes share the embedded
 * provider's sessions, interactions, codes and tokens (the package's memory adapter would lose
 * them on restart and keep each process apart). Expiry is enforced on read; consumption
 * (single-use codes, RFC 6749 §4.1.2) is recorded as `consumed`, as the provider expects.
 *
 * Nothing usable is stored in clear: the id of a code or an opaque access token is the token
 * itself, so rows are found by HMAC-SHA256 of their ids (uid, user code and grant id alike)
 * under a key derived from KEY_ENCRYPTION_SECRET, and payloads are sealed (AES-256-GCM,
 * schemas/key-sealer.ts, purpose `idp-artefacts`) bound to their model and id hash.
 */
export function pgAdapterFactory(pool: pg.Pool, keySecret: string): (name: string) => Adapter {
  const sealer = createKeySealer(keySecret, 'idp-artefacts');
  const hmacKey = createHmac('sha256', keySecret).update('datapedia:idp-artefact-ids').digest();
  const hash = (kind: string, value: string) => createHmac('sha256', hmacKey).update(kind).update('\0').update(value).digest('base64url');

  return function createPgAdapter(model: string): Adapter {
    const idHash = (id: string) => hash(`id:${model}`, id);
    const open = (row: SealedArtefact | undefined): AdapterPayload | undefined => {
      if (!row) return undefined;
      const payload = JSON.parse(sealer.open(`${model}:${row.idHash}`, row.sealed)) as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    };
    return {
      async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
        const h = idHash(id);
        await upsertOidcArtefact(pool, {
          model,
          idHash: h,
          sealed: sealer.seal(`${model}:${h}`, JSON.stringify(payload)),
          grantHash: payload.grantId ? hash('grant', payload.grantId) : null,
          userCodeHash: payload.userCode ? hash(`user-code:${model}`, payload.userCode) : null,
          uidHash: payload.uid ? hash(`uid:${model}`, payload.uid) : null,
          expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        });
      },
      async find(id: string) {
        return open(await findOidcArtefactById(pool, model, idHash(id)));
      },
      async findByUid(uid: string) {
        return open(await findOidcArtefactByUid(pool, model, hash(`uid:${model}`, uid)));
      },
      async findByUserCode(userCode: string) {
        return open(await findOidcArtefactByUserCode(pool, model, hash(`user-code:${model}`, userCode)));
      },
      async consume(id: string) {
        await consumeOidcArtefactById(pool, model, idHash(id));
      },
      async destroy(id: string) {
        await deleteOidcArtefactById(pool, model, idHash(id));
      },
      async revokeByGrantId(grantId: string) {
        await deleteOidcArtefactsByGrantId(pool, hash('grant', grantId));
      },
    };
  };
}
