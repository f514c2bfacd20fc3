import type pg from 'pg';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import {
  consumeOidcArtefactById, deleteOidcArtefactById, deleteOidcArtefactsByGrantId, findOidcArtefactById,
  findOidcArtefactByUid, findOidcArtefactByUserCode, upsertOidcArtefact,
} from '../store/oidc-artefacts.js';

/**
 * oidc-provider's storage port on PostgreSQL, so several gateway processes share the embedded
 * provider's sessions, interactions, codes and tokens (the package's memory adapter would lose
 * them on restart and keep each process apart). Expiry is enforced on read; consumption
 * (single-use codes, RFC 6749 §4.1.2) is recorded as `consumed`, as the provider expects.
 */
export function pgAdapterFactory(pool: pg.Pool): (name: string) => Adapter {
  return function createPgAdapter(model: string): Adapter {
    return {
      async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
        await upsertOidcArtefact(pool, {
          model, id, payload: payload as Record<string, unknown>,
          grantId: payload.grantId ?? null, userCode: payload.userCode ?? null, uid: payload.uid ?? null,
          expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        });
      },
      async find(id: string) {
        return (await findOidcArtefactById(pool, model, id)) as AdapterPayload | undefined;
      },
      async findByUid(uid: string) {
        return (await findOidcArtefactByUid(pool, model, uid)) as AdapterPayload | undefined;
      },
      async findByUserCode(userCode: string) {
        return (await findOidcArtefactByUserCode(pool, model, userCode)) as AdapterPayload | undefined;
      },
      async consume(id: string) {
        await consumeOidcArtefactById(pool, model, id);
      },
      async destroy(id: string) {
        await deleteOidcArtefactById(pool, model, id);
      },
      async revokeByGrantId(grantId: string) {
        await deleteOidcArtefactsByGrantId(pool, grantId);
      },
    };
  };
}
