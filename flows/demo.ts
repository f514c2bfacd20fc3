/**
 * The demo world's flows: three procedures and subscriptions for a few communes. Organisations
 * are passed in (the demo organisations belong to the composition root). Idempotent: what
 * exists already is left as it is.
 *   - "Demande d'acte de naissance": routed to the commune of BIRTH (the front office passes the
 *     birth commune as `communeCode`).
 *   - "Inscription sur les listes électorales": the commune of residence.
 *   - "Aide à la restauration scolaire": the commune's CCAS, which then obtains the household's
 *     quotient familial through the exchange (dictionary element `quotient_familial`) instead of
 *     asking for a CAF certificate. A département subscribes for its communes that have none.
 */
import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import { declareProcedure } from './procedures.js';
import { decideSubscription, listSubscriptions, requestSubscription } from './subscriptions.js';
import type { ProcedureInput, Territory } from './types.js';

export interface DemoOrganisation {
  siret: string;
  name: string;
}

export interface FlowsDemoOrganisations {
  /** Owner of the three procedures (approves subscriptions). */
  owner: DemoOrganisation;
  /** Commune administrations (and their CCAS), each subscribed for its own commune. */
  communes: (DemoOrganisation & { communeCode: string })[];
  /** A département subscribing for its communes without their own subscription. */
  departement: DemoOrganisation & { code: string };
}

const PDF_OR_IMAGE = [
  { mediaType: 'application/pdf', maxBytes: 10 * 1024 * 1024 },
  { mediaType: 'image/jpeg', maxBytes: 10 * 1024 * 1024 },
  { mediaType: 'image/png', maxBytes: 10 * 1024 * 1024 },
];

export function demoProcedures(ownerSiret: string): ProcedureInput[] {
  return [
    {
      code: 'acte-naissance',
      title: 'Demande d’acte de naissance',
      ownerSiret,
      routingLevel: 'commune',
      dataElements: [],
      retentionDays: 90,
      attachments: { allowed: [], maxCount: 0 },
      formSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['typeActe', 'nombreExemplaires', 'motif'],
        properties: {
          typeActe: { enum: ['copie_integrale', 'extrait_avec_filiation', 'extrait_sans_filiation', 'extrait_plurilingue'] },
          nombreExemplaires: { type: 'integer', minimum: 1, maximum: 4 },
          motif: { type: 'string', minLength: 1, maxLength: 500 },
          qualiteDemandeur: { enum: ['titulaire', 'parent', 'conjoint', 'enfant', 'autre'] },
        },
      },
    },
    {
      code: 'inscription-listes-electorales',
      title: 'Inscription sur les listes électorales',
      ownerSiret,
      routingLevel: 'commune',
      dataElements: [],
      retentionDays: 365,
      attachments: { allowed: PDF_OR_IMAGE, maxCount: 3 },
      formSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['adresse', 'nationalite'],
        properties: {
          adresse: { type: 'string', minLength: 5, maxLength: 500 },
          nationalite: { enum: ['francaise', 'ue'] },
          listeComplementaire: { type: 'boolean' },
        },
      },
    },
    {
      code: 'aide-restauration-scolaire',
      title: 'Aide à la restauration scolaire',
      ownerSiret,
      routingLevel: 'commune',
      dataElements: ['quotient_familial'],
      retentionDays: 365,
      attachments: {
        allowed: [...PDF_OR_IMAGE, { mediaType: 'application/zip', maxBytes: 20 * 1024 * 1024 }],
        maxCount: 5,
        archive: { maxEntries: 50, maxUncompressedBytes: 50 * 1024 * 1024, maxRatio: 100 },
      },
      formSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['enfants', 'numeroAllocataire'],
        properties: {
          numeroAllocataire: { type: 'string', pattern: '^[0-9]{7}$' },
          enfants: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['prenom', 'ecole'],
              properties: {
                prenom: { type: 'string', minLength: 1, maxLength: 100 },
                ecole: { type: 'string', minLength: 1, maxLength: 200 },
              },
            },
          },
        },
      },
    },
  ];
}

/** Seeds the demo procedures and approved subscriptions; returns how many were created. */
export async function seedFlowsDemo(
  pool: pg.Pool,
  o: { clock: Clock; organisations: FlowsDemoOrganisations },
): Promise<{ procedures: number; subscriptions: number }> {
  const ctx = { pool, clock: o.clock };
  let procedures = 0;
  for (const p of demoProcedures(o.organisations.owner.siret)) {
    try {
      await declareProcedure(ctx, p);
      procedures++;
    } catch (err) {
      if (!(err instanceof ProblemError) || err.code !== 'client.conflict') throw err;
    }
  }
  const { communes, departement } = o.organisations;
  const wanted: { procedureCode: string; org: DemoOrganisation; territories: Territory[] }[] = [
    ...communes.flatMap((c) =>
      ['acte-naissance', 'inscription-listes-electorales', 'aide-restauration-scolaire'].map((procedureCode) => ({
        procedureCode,
        org: c,
        territories: [{ level: 'commune' as const, code: c.communeCode }],
      })),
    ),
    { procedureCode: 'aide-restauration-scolaire', org: departement, territories: [{ level: 'departement', code: departement.code }] },
  ];
  const existing = await listSubscriptions(ctx);
  let subscriptions = 0;
  for (const w of wanted) {
    if (existing.some((s) => s.procedureCode === w.procedureCode && s.subscriberSiret === w.org.siret)) continue;
    const s = await requestSubscription(ctx, {
      procedureCode: w.procedureCode,
      subscriberSiret: w.org.siret,
      subscriberName: w.org.name,
      territories: w.territories,
      delivery: { mode: 'pull' },
    });
    await decideSubscription(ctx, {
      id: s.id,
      action: 'approve',
      actor: { kind: 'agent', id: 'demo', organisationSiret: o.organisations.owner.siret },
    });
    subscriptions++;
  }
  return { procedures, subscriptions };
}
