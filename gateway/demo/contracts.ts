import type pg from 'pg';
import type { Logger } from 'pino';
import { listApis } from '../../catalog/index.js';
import {
  approveHabilitationRequest,
  catalogueApiLookup,
  createArtefactSigner,
  createHabilitationRequest,
  createSigningKeys,
  listContracts,
  registerDemoClient,
  submitHabilitationRequest,
  type Actor,
  type ContractsContext,
  type HabilitationForm,
} from '../../contracts/index.js';
import { systemClock } from '../../schemas/index.js';
import type { Config } from '../config.js';
import { DEMO_ORGANISATIONS } from './organisations.js';

type OrgKey = keyof typeof DEMO_ORGANISATIONS;

/**
 * Validated demo contracts: which demo consumer uses which producer API, and its documented
 * OAuth2 client. The secrets are public (README) — demo only: with `NODE_ENV=production` (where
 * DEMO is off unless set) no demo client is registered and no credential is ever printed; the
 * consumer issues its own from its space.
 */
export const DEMO_CONTRACTS: { consumer: OrgKey; apiSlug: string; clientId: string; secret: string; purpose: string }[] = [
  {
    consumer: 'villeLyon',
    apiSlug: 'cnaf-quotient-familial',
    clientId: 'dp_demo-ville-lyon-cnaf',
    secret: 'demo-secret-ville-lyon-cnaf-0123456789',
    purpose: 'Tarification sociale de la restauration scolaire',
  },
  {
    consumer: 'villeVilleurbanne',
    apiSlug: 'cnaf-quotient-familial',
    clientId: 'dp_demo-villeurbanne-cnaf',
    secret: 'demo-secret-villeurbanne-cnaf-0123456789',
    purpose: 'Tarification sociale de la restauration scolaire',
  },
  {
    consumer: 'departementGironde',
    apiSlug: 'dgfip-situation-fiscale',
    clientId: 'dp_demo-gironde-dgfip',
    secret: 'demo-secret-gironde-dgfip-0123456789',
    purpose: 'Instruction des demandes d’aide sociale départementale',
  },
  {
    consumer: 'crousParis',
    apiSlug: 'cnous-statut-etudiant-boursier',
    clientId: 'dp_demo-crous-paris-cnous',
    secret: 'demo-secret-crous-paris-cnous-0123456789',
    purpose: 'Attribution des logements étudiants',
  },
  {
    consumer: 'franceTravail',
    apiSlug: 'cnaf-quotient-familial',
    clientId: 'dp_demo-france-travail-cnaf',
    secret: 'demo-secret-france-travail-cnaf-0123456789',
    purpose: 'Calcul des aides à la mobilité',
  },
  {
    consumer: 'dinum',
    apiSlug: 'insee-unites-legales',
    clientId: 'dp_demo-dinum-insee',
    secret: 'demo-secret-dinum-insee-0123456789',
    purpose: 'Pré-remplissage des démarches des entreprises',
  },
  {
    consumer: 'departementGironde',
    apiSlug: 'france-travail-inscription',
    clientId: 'dp_demo-gironde-france-travail',
    secret: 'demo-secret-gironde-france-travail-0123456789',
    purpose: 'Orientation des bénéficiaires du RSA',
  },
];

function person(given: string, org: string): NonNullable<HabilitationForm['controller']> {
  return { given_name: given, family_name: 'Démo', email: `${given.toLowerCase()}.demo@${org}.demo.gouv.fr` };
}

function demoForm(siret: string, purpose: string, scopes: string[], org: string): HabilitationForm {
  return {
    intitule: purpose,
    description: `${purpose} (contrat de démonstration).`,
    scopes,
    cadre_juridique_nature: 'Code des relations entre le public et l’administration, art. L. 114-8',
    cadre_juridique_url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031367412',
    purpose,
    recipients: [siret],
    retention_months: 12,
    volume_per_minute: 60,
    production_date: '2027-01-01',
    controller: person('Camille', org),
    dpo: person('Dominique', org),
    business_contact: person('Bastien', org),
    technical_contact: person('Tina', org),
  };
}

/** The contracts context the demo seeds work through (the real workflow, artefacts signed with the platform's keys), and the issuer URL. */
export function demoContractsContext(
  pool: pg.Pool,
  config: Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'PUBLIC_URL'>,
  onTransition?: ContractsContext['onTransition'],
): { ctx: ContractsContext; issuer: string } {
  const issuer = config.PUBLIC_URL.replace(/\/+$/, '');
  const keys = createSigningKeys({
    pool,
    clock: systemClock,
    secret: config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const ctx: ContractsContext = {
    pool,
    clock: systemClock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, issuer),
    onTransition,
  };
  return { ctx, issuer };
}

/**
 * Seeds the validated demo contracts through the real workflow (request, submission, approval
 * by the producer, its DPO for highly sensitive APIs) and registers the documented clients.
 * Idempotent. Outside production, logs the demo consumer's client_id and secret and a
 * ready-to-paste curl; in production registers no client and prints no secret.
 */
export async function seedDemoContracts(
  pool: pg.Pool,
  logger: Logger,
  config: Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'PUBLIC_URL' | 'NODE_ENV'>,
  onTransition?: ContractsContext['onTransition'],
): Promise<number> {
  const { ctx, issuer } = demoContractsContext(pool, config, onTransition);
  const apis = new Map((await listApis(pool)).map((a) => [a.slug, a]));
  const platform: Actor = { sub: 'demo', name: 'Démo', memberships: [], platformRoles: ['auditor'] };
  const existing = await listContracts(ctx, platform, { limit: 500 });
  const production = config.NODE_ENV === 'production';
  let created = 0;
  for (const d of DEMO_CONTRACTS) {
    const api = apis.get(d.apiSlug);
    const consumer = DEMO_ORGANISATIONS[d.consumer];
    if (!api || api.access !== 'restricted') continue;
    let contract = existing.find((c) => c.consumerSiret === consumer.siret && c.apiSlug === d.apiSlug && c.status === 'active');
    if (!contract) {
      const org = d.consumer.toLowerCase();
      const scopes = (await ctx.lookupApi(d.apiSlug))?.scopes ?? [];
      const applicant: Actor = {
        sub: `demo-${org}-demandeur`,
        name: 'Demandeur (démo)',
        memberships: [{ siret: consumer.siret, roles: ['applicant'] }],
        platformRoles: [],
      };
      const instructor: Actor = {
        sub: `demo-${api.producerSiret}-instructeur`,
        name: 'Instructeur (démo)',
        memberships: [{ siret: api.producerSiret, roles: ['instructor'] }],
        platformRoles: [],
      };
      const dpo: Actor = {
        sub: `demo-${api.producerSiret}-dpo`,
        name: 'DPO (démo)',
        memberships: [{ siret: api.producerSiret, roles: ['dpo'] }],
        platformRoles: [],
      };
      const c = await createHabilitationRequest(ctx, applicant, {
        apiSlug: d.apiSlug,
        consumerSiret: consumer.siret,
        form: demoForm(consumer.siret, d.purpose, scopes, org),
      });
      await submitHabilitationRequest(ctx, applicant, c.id);
      contract = await approveHabilitationRequest(ctx, instructor, c.id);
      if (api.sensitivity === 'highly_sensitive') contract = await approveHabilitationRequest(ctx, dpo, c.id);
      created++;
    }
    if (production) continue;
    const registered = await registerDemoClient(ctx, { clientId: d.clientId, secret: d.secret, contractId: contract.id });
    if (registered) {
      logger.info(
        { clientId: d.clientId, clientSecret: d.secret, contractId: contract.id, api: d.apiSlug, consumer: consumer.name },
        `demo credentials: curl -u '${d.clientId}:${d.secret}' -d grant_type=client_credentials ${issuer}/oauth/token`,
      );
    }
  }
  if (production)
    logger.warn(
      { contracts: created },
      "demo contracts loaded in production without OAuth2 clients: issue credentials from the consumer's space",
    );
  return created;
}
