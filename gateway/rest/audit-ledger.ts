import type { RouteSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { compileValidator } from '../../schemas/index.js';
import type { AuditService } from '../services/audit.js';
import { ACTIONS_SCHEMA, LAG_SCHEMA, VERIFY_SCHEMA } from './audit-schemas.js';
import { pageQuery } from '../http/audit-query.js';

const OBJECT = { type: 'object' };
const EVENT_ID = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } };
const RANGE = compileValidator<{ from?: string; to?: string }>({
  type: 'object',
  additionalProperties: false,
  properties: { from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 } },
});

/** The ledger part of the console: verification over a range, events, evidence bundles, my actions, evaluator lag. */
export function auditLedgerRoutes(
  deps: AppDeps,
  svc: AuditService,
  route: (r: Omit<RouteSpec, 'tags' | 'security' | 'access'>) => RouteSpec,
): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/v1/audit/ledger/verify',
      operationId: 'auditVerifyLedger',
      summary: 'Vérifier le journal sur une période',
      description:
        'Recalcule le chaînage et les empreintes, contrôle les points de contrôle signés ; `from`/`to` : instants ISO 8601 (optionnels).',
      requestBody: {
        schema: {
          type: 'object',
          properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } },
        },
      },
      responses: { '200': { description: 'Rapport de vérification', schema: VERIFY_SCHEMA }, '400': problemResponse('Période invalide') },
      handler: async (req, res) => {
        res.json(await svc.verify(req.principal!, RANGE.assert(req.body ?? {})));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/ledger/events/{id}',
      operationId: 'auditGetLedgerEvent',
      summary: 'Un événement du journal',
      parameters: [EVENT_ID],
      responses: { '200': { description: 'Événement', schema: OBJECT }, '404': problemResponse('Événement inconnu') },
      handler: async (req, res) => {
        res.json(await svc.readEvent(req.principal!, String(req.params.id)));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/ledger/events/{id}/evidence',
      operationId: 'auditGetEvidence',
      summary: 'Preuve d’un événement (vérifiable hors ligne)',
      description: 'À vérifier avec `datapedia ledger verify-evidence FICHIER`.',
      parameters: [EVENT_ID],
      responses: {
        '200': { description: 'Preuve (datapedia.ledger.evidence/1)', schema: OBJECT },
        '404': problemResponse('Événement inconnu'),
        '409': problemResponse('Pas encore couvert par un point de contrôle'),
      },
      handler: async (req, res) => {
        const bundle = await svc.evidence(req.principal!, String(req.params.id));
        res
          .set('Cache-Control', 'no-store')
          .set('Content-Disposition', `attachment; filename="preuve-${bundle.eventId}.json"`)
          .json(bundle);
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/ledger/keys',
      operationId: 'auditLedgerKeys',
      summary: 'Clés publiques des points de contrôle du journal',
      description:
        'À conserver et à passer à `datapedia ledger verify-evidence FICHIER --keys CLES.json` : une preuve re-signée avec une autre clé échoue alors.',
      responses: { '200': { description: '{ keys: JWK[] }', schema: OBJECT } },
      handler: async (_req, res) => {
        res.set('Content-Disposition', 'attachment; filename="cles-journal-datapedia.json"').json({ keys: await svc.ledgerKeys() });
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/me/actions',
      operationId: 'auditMyActions',
      summary: 'Mes propres actions d’auditeur (journalisées)',
      parameters: [
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
      ],
      responses: { '200': { description: 'Actions', schema: ACTIONS_SCHEMA } },
      handler: async (req, res) => {
        res.json(await svc.myActions(req.principal!, pageQuery(req)));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/evaluator',
      operationId: 'auditEvaluatorLag',
      summary: 'Retard du contrôle automatique sur le journal',
      responses: { '200': { description: 'Retard par chaîne', schema: LAG_SCHEMA } },
      handler: async (req, res) => {
        res.json(await svc.evaluatorLag(req.principal!));
      },
    }),
  ];
}
