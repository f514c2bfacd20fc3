/**
 * The demo world's flows: the flows API in the catalogue (its contracts let clients deposit
 * dossiers, one scope per procedure, or instruct them, scope `instruction`), the three demo
 * procedures owned by the DINUM with subscriptions (the communes, and the Gironde for its
 * communes without one), a front office (the DILA, which runs service-public.fr) and the Ville
 * de Lyon's instruction client, each under a contract validated through the real workflow.
 * Idempotent. The client secrets are public (README), demo only: none is registered in production.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  createApi,
  createOrganisation,
  getApi,
  getOrganisation,
  importOpenApi,
  listVersions,
  setScopes,
  transitionApi,
} from '../../catalog/index.js';
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
} from '../../contracts/index.js';
import { demoProcedures, seedFlowsDemo } from '../../flows/index.js';
import { ProblemError, systemClock, type Clock } from '../../schemas/index.js';
import type { Config } from '../config.js';
import { DEFAULT_FLOWS_API_SLUG, depositScope, INSTRUCTION_SCOPE } from '../services/flows.js';
import { DEMO_ORGANISATIONS } from './organisations.js';

/** The front office of the demo: the DILA (service-public.fr). Synthetic, valid SIRET. */
export const DEMO_FRONT_OFFICE_ORG = {
  siret: '13000918600003',
  name: 'Direction de l’information légale et administrative',
  acronym: 'DILA',
  kind: 'administration_centrale',
  roles: ['consumer'],
} as const;

export const DEMO_FLOWS_COMMUNES = [{ siret: DEMO_ORGANISATIONS.villeLyon.siret, name: 'Ville de Lyon', communeCode: '69123' }];
export const DEMO_FLOWS_DEPARTEMENT = {
  siret: DEMO_ORGANISATIONS.departementGironde.siret,
  name: DEMO_ORGANISATIONS.departementGironde.name,
  code: '33',
};

/** Documented demo clients of the flows API. */
export const DEMO_FLOWS_CLIENTS = [
  {
    role: 'front-office' as const,
    consumerSiret: DEMO_FRONT_OFFICE_ORG.siret,
    clientId: 'dp_demo-service-public-demarches',
    secret: 'demo-secret-service-public-demarches-0123456789',
    purpose: 'Dépôt des démarches faites sur service-public.fr',
  },
  {
    role: 'subscriber' as const,
    consumerSiret: DEMO_ORGANISATIONS.villeLyon.siret,
    clientId: 'dp_demo-ville-lyon-demarches',
    secret: 'demo-secret-ville-lyon-demarches-0123456789',
    purpose: 'Instruction des démarches des habitants de Lyon',
  },
];

/** The flows API's OpenAPI document: what its contracts cover (the deposit answers `id` and `administration`). */
function flowsOpenApi(publicUrl: string): object {
  const dossier = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      administration: { type: 'object', properties: { siret: { type: 'string' }, name: { type: 'string' } } },
      status: { type: 'string' },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Démarches (acheminement des dossiers)', version: '1.0.0' },
    servers: [{ url: publicUrl }],
    paths: {
      '/v1/flows/dossiers': {
        post: {
          operationId: 'depositDossier',
          summary: 'Déposer un dossier',
          responses: { '201': { description: 'Déposé', content: { 'application/json': { schema: dossier } } } },
        },
      },
      '/v1/flows/inbox': {
        get: {
          operationId: 'listFlowsInbox',
          summary: 'Dossiers à récupérer',
          responses: {
            '200': {
              description: 'Page',
              content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: dossier } } } } },
            },
          },
        },
      },
    },
  };
}

/** Publishes the flows API (producer: the DINUM, which runs the platform) with one scope per procedure and `instruction`. */
export async function seedFlowsApi(
  pool: pg.Pool,
  o: { publicUrl: string; slug?: string; procedures: { code: string; title: string }[] },
): Promise<void> {
  const slug = o.slug ?? DEFAULT_FLOWS_API_SLUG;
  try {
    await getApi(pool, slug);
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
    await createApi(pool, {
      slug,
      producerSiret: DEMO_ORGANISATIONS.dinum.siret,
      title: 'Démarches : dépôt et instruction des dossiers',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'none',
      consentPolicy: 'none',
      description:
        'Les guichets déposent les dossiers des démarches faites en ligne ; les administrations instructrices les reçoivent et publient leurs statuts.',
    });
  }
  if ((await listVersions(pool, slug)).length === 0) await importOpenApi(pool, slug, flowsOpenApi(o.publicUrl), { importedBy: 'demo' });
  await setScopes(pool, slug, {
    scopes: [
      ...o.procedures.map((p) => ({ name: depositScope(p.code), label: `Déposer : ${p.title}`, pointers: ['/id', '/administration'] })),
      { name: INSTRUCTION_SCOPE, label: 'Recevoir et instruire les dossiers de mon territoire', pointers: ['/items'] },
    ],
  });
  if ((await getApi(pool, slug)).lifecycle === 'draft') await transitionApi(pool, slug, { to: 'published' });
}

function person(given: string): { given_name: string; family_name: string; email: string } {
  return { given_name: given, family_name: 'Démo', email: `${given.toLowerCase()}.demo@demarches.demo.gouv.fr` };
}

/**
 * A validated contract on the flows API for `consumerSiret`, through the real workflow
 * (request, submission, approval by the DINUM), and its documented client. Returns the contract id.
 */
export async function seedFlowsContract(
  ctx: ContractsContext,
  o: { consumerSiret: string; scopes: string[]; purpose: string; slug?: string; client?: { clientId: string; secret: string } },
): Promise<string> {
  const slug = o.slug ?? DEFAULT_FLOWS_API_SLUG;
  const platform: Actor = { sub: 'demo', name: 'Démo', memberships: [], platformRoles: ['auditor'] };
  let contract = (await listContracts(ctx, platform, { limit: 500 })).find(
    (c) => c.consumerSiret === o.consumerSiret && c.apiSlug === slug && c.status === 'active',
  );
  if (!contract) {
    const applicant: Actor = {
      sub: `demo-${o.consumerSiret}-demandeur`,
      name: 'Demandeur (démo)',
      memberships: [{ siret: o.consumerSiret, roles: ['applicant'] }],
      platformRoles: [],
    };
    const instructor: Actor = {
      sub: 'demo-dinum-instructeur',
      name: 'Instructeur (démo)',
      memberships: [{ siret: DEMO_ORGANISATIONS.dinum.siret, roles: ['instructor'] }],
      platformRoles: [],
    };
    const c = await createHabilitationRequest(ctx, applicant, {
      apiSlug: slug,
      consumerSiret: o.consumerSiret,
      form: {
        intitule: o.purpose,
        description: `${o.purpose} (contrat de démonstration).`,
        scopes: o.scopes,
        cadre_juridique_nature: 'Code des relations entre le public et l’administration, art. L. 112-9',
        cadre_juridique_url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031366350',
        purpose: o.purpose,
        recipients: [o.consumerSiret],
        retention_months: 12,
        volume_per_minute: 600,
        production_date: '2027-01-01',
        controller: person('Camille'),
        dpo: person('Dominique'),
        business_contact: person('Bastien'),
        technical_contact: person('Tina'),
      },
    });
    await submitHabilitationRequest(ctx, applicant, c.id);
    contract = await approveHabilitationRequest(ctx, instructor, c.id);
  }
  if (o.client) await registerDemoClient(ctx, { clientId: o.client.clientId, secret: o.client.secret, contractId: contract.id });
  return contract.id;
}

/**
 * The whole demo of flows, after the organisations and the dictionary are seeded: procedures
 * and subscriptions, the flows API, the front office's and Lyon's contracts and clients (outside
 * production only for the clients), credentials logged.
 */
export async function seedFlowsDemoWorld(
  pool: pg.Pool,
  o: { clock: Clock; contracts: ContractsContext; publicUrl: string; production: boolean; logger?: Logger },
): Promise<{ procedures: number; subscriptions: number }> {
  try {
    await getOrganisation(pool, DEMO_FRONT_OFFICE_ORG.siret);
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
    await createOrganisation(pool, { ...DEMO_FRONT_OFFICE_ORG, roles: [...DEMO_FRONT_OFFICE_ORG.roles] });
  }
  const seeded = await seedFlowsDemo(pool, {
    clock: o.clock,
    organisations: {
      owner: { siret: DEMO_ORGANISATIONS.dinum.siret, name: DEMO_ORGANISATIONS.dinum.name },
      communes: DEMO_FLOWS_COMMUNES,
      departement: DEMO_FLOWS_DEPARTEMENT,
    },
  });
  const procedures = demoProcedures(DEMO_ORGANISATIONS.dinum.siret);
  await seedFlowsApi(pool, { publicUrl: o.publicUrl, procedures });
  for (const c of DEMO_FLOWS_CLIENTS) {
    const scopes = c.role === 'front-office' ? procedures.map((p) => depositScope(p.code)) : [INSTRUCTION_SCOPE];
    const contractId = await seedFlowsContract(o.contracts, {
      consumerSiret: c.consumerSiret,
      scopes,
      purpose: c.purpose,
      ...(o.production ? {} : { client: { clientId: c.clientId, secret: c.secret } }),
    });
    if (!o.production) {
      o.logger?.info(
        { clientId: c.clientId, clientSecret: c.secret, contractId, api: DEFAULT_FLOWS_API_SLUG },
        `demo credentials (${c.role === 'front-office' ? 'guichet de dépôt' : 'administration instructrice'}): curl -u '${c.clientId}:${c.secret}' -d grant_type=client_credentials ${o.publicUrl.replace(/\/+$/, '')}/oauth/token`,
      );
    }
  }
  return seeded;
}

/**
 * The flows step of `seedDemo`: its own contracts context (signing keys from configuration,
 * transitions forwarded like the other demo contracts'), then `seedFlowsDemoWorld`.
 */
export async function seedDemoFlows(
  pool: pg.Pool,
  logger: Logger,
  config: Pick<Config, 'KEY_ENCRYPTION_SECRET' | 'ACCESS_TOKEN_TTL_SECONDS' | 'PUBLIC_URL' | 'NODE_ENV'>,
  onTransition?: ContractsContext['onTransition'],
): Promise<{ procedures: number; subscriptions: number }> {
  const issuer = config.PUBLIC_URL.replace(/\/+$/, '');
  const keys = createSigningKeys({
    pool,
    clock: systemClock,
    secret: config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const contracts: ContractsContext = {
    pool,
    clock: systemClock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, issuer),
    onTransition,
  };
  return seedFlowsDemoWorld(pool, {
    clock: systemClock,
    contracts,
    publicUrl: issuer,
    production: config.NODE_ENV === 'production',
    logger,
  });
}
