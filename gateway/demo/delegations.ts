import type pg from 'pg';
import type { Logger } from 'pino';
import {
  acceptDelegation,
  grantDelegation,
  listContracts,
  listDelegations,
  registerDemoEditorClient,
  type Actor,
  type ContractsContext,
} from '../../contracts/index.js';
import type { Config } from '../config.js';
import { demoContractsContext } from './contracts.js';
import { DEMO_ORGANISATIONS } from './organisations.js';

/**
 * The demo editor (docs/architecture.md, "Delegations"): the CCAS of two communes delegate their
 * family-quotient contract to it; its documented OAuth2 client (public secret, demo only: none in
 * production) calls for either, the `recipient` telling which.
 */
export const DEMO_EDITOR = {
  editor: 'solisLogiciels',
  software: 'Solis Action sociale',
  apiSlug: 'cnaf-quotient-familial',
  consumers: ['villeLyon', 'villeVilleurbanne'],
  declaredVolume: 30,
  clientId: 'dp_demo-editeur-solis',
  secret: 'demo-secret-editeur-solis-0123456789',
} as const;

function admin(siret: string, who: string): Actor {
  return { sub: `demo-${who}-admin`, name: 'Administrateur (démo)', memberships: [{ siret, roles: ['admin'] }], platformRoles: [] };
}

/**
 * Grants and accepts the demo delegations through the real functions (each a ledger event),
 * registers the editor's client and, outside production, prints its credentials. Idempotent.
 */
export async function seedDemoDelegations(
  pool: pg.Pool,
  logger: Logger,
  config: Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'PUBLIC_URL' | 'NODE_ENV'>,
  onTransition?: ContractsContext['onTransition'],
): Promise<number> {
  const { ctx, issuer } = demoContractsContext(pool, config, onTransition);
  const platform: Actor = { sub: 'demo', name: 'Démo', memberships: [], platformRoles: ['auditor'] };
  const editor = DEMO_ORGANISATIONS[DEMO_EDITOR.editor];
  const contracts = await listContracts(ctx, platform, { limit: 500 });
  const existing = await listDelegations(ctx, platform, 500);
  let created = 0;
  for (const key of DEMO_EDITOR.consumers) {
    const consumer = DEMO_ORGANISATIONS[key];
    const contract = contracts.find(
      (c) => c.consumerSiret === consumer.siret && c.apiSlug === DEMO_EDITOR.apiSlug && c.status === 'active',
    );
    if (!contract || existing.some((d) => d.contractId === contract.id && d.editorSiret === editor.siret && d.status !== 'ended')) continue;
    const d = await grantDelegation(ctx, admin(consumer.siret, key), {
      contractId: contract.id,
      editorSiret: editor.siret,
      software: DEMO_EDITOR.software,
      declaredVolume: DEMO_EDITOR.declaredVolume,
    });
    await acceptDelegation(ctx, admin(editor.siret, DEMO_EDITOR.editor), d.id);
    created++;
  }
  if (config.NODE_ENV === 'production') return created;
  if (await registerDemoEditorClient(ctx, { clientId: DEMO_EDITOR.clientId, secret: DEMO_EDITOR.secret, editorSiret: editor.siret })) {
    logger.info(
      { clientId: DEMO_EDITOR.clientId, clientSecret: DEMO_EDITOR.secret, editor: editor.name, consumers: DEMO_EDITOR.consumers },
      `demo editor credentials: curl -u '${DEMO_EDITOR.clientId}:${DEMO_EDITOR.secret}' -d grant_type=client_credentials ${issuer}/oauth/token`,
    );
  }
  return created;
}
