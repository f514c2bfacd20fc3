/**
 * `/v1/audit/...`: the auditors' console API. Only the platform `auditor` role gets
 * in (401 anonymous, 403 anybody else); every read is recorded in the ledger before it is
 * answered (gateway/routes/audit-service.ts).
 */
import type { RouteSpec, ParameterSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import type { RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { AppDeps } from '../deps.js';
import { ProblemError, compileValidator } from '../../schemas/index.js';
import type { Services } from '../compose.js';
import { CASE_PAGE_SCHEMA, CASE_SCHEMA, CONTRACT_PAGE_SCHEMA, REGISTER_SCHEMA } from './audit-schemas.js';
import { auditLedgerRoutes } from './audit-ledger.js';
import { pageQuery, reviewQuery } from '../http/audit-query.js';

const SECURITY = ['bearer', 'session'];
const AUDITOR = { platform: ['auditor'] } satisfies RouteAccess;
const ERRORS = {
  '401': problemResponse('Non authentifié'),
  '403': problemResponse('Rôle « auditor » requis'),
  '503': problemResponse('Journal indisponible : rien n’est communiqué sans trace'),
};
const OBJECT = { type: 'object' };
const q = (name: string, description: string, schema: object = { type: 'string' }): ParameterSpec => ({
  name,
  in: 'query',
  description,
  schema,
});
const PAGE = [
  q('cursor', 'Curseur de la page suivante'),
  q('limit', 'Taille de page (1 à 500)', { type: 'integer', minimum: 1, maximum: 500 }),
];
const REVIEW_FILTERS = [
  q('producer', 'SIRET du producteur'),
  q('consumer', 'SIRET du consommateur'),
  q('api', 'Identifiant de l’API'),
  q('sensitivity', 'Sensibilité', { enum: ['standard', 'sensitive', 'highly_sensitive'] }),
  q('status', 'Statut du contrat', { enum: ['pending', 'refused', 'active', 'suspended', 'revoked', 'expired'] }),
  q('expiresBefore', 'Fin de validité au plus tard ce jour (AAAA-MM-JJ)', { type: 'string', format: 'date' }),
];
const CASE_STATUS = compileValidator<{ status: string; conclusion?: string; note?: string }>({
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { enum: ['investigating', 'closed'] },
    conclusion: { type: 'string', maxLength: 4000 },
    note: { type: 'string', maxLength: 2000 },
  },
});

export function auditRoutes(deps: AppDeps, services: Pick<Services, 'audit'>): RouteSpec[] {
  const svc = services.audit;
  const route = (r: Omit<RouteSpec, 'tags' | 'security' | 'access'>): RouteSpec => ({
    ...r,
    tags: ['audit'],
    security: SECURITY,
    access: AUDITOR,
    responses: { ...r.responses, ...ERRORS },
  });
  return [
    route({
      method: 'get',
      path: '/v1/audit/contracts',
      operationId: 'auditListContracts',
      summary: 'Contrats sous revue, avec leur usage (90 jours)',
      parameters: [...REVIEW_FILTERS, ...PAGE],
      responses: { '200': { description: 'Contrats', schema: CONTRACT_PAGE_SCHEMA }, '400': problemResponse('Filtre invalide') },
      handler: async (req, res) => {
        res.json(await svc.searchContracts(req.principal!, reviewQuery(req), pageQuery(req)));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/contracts/{id}',
      operationId: 'auditGetContract',
      summary: 'Un contrat : versions, artefacts signés, historique, usage, cas',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': { description: 'Dossier du contrat', schema: OBJECT }, '404': problemResponse('Contrat inconnu') },
      handler: async (req, res) => {
        res.json(await svc.contractFile(req.principal!, String(req.params.id)));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/register',
      operationId: 'auditExportRegister',
      summary: 'Registre des traitements (CSV ou JSON)',
      description:
        'Par contrat : finalité, base légale, données, destinataires, durée de conservation, responsable de traitement, DPD, dates.',
      parameters: [q('format', 'csv ou json (défaut)', { enum: ['csv', 'json'] }), ...REVIEW_FILTERS],
      responses: { '200': { description: 'Registre', schema: REGISTER_SCHEMA }, '400': problemResponse('Filtre invalide') },
      handler: async (req, res) => {
        const format = queryParam(req, 'format') ?? 'json';
        if (format !== 'csv' && format !== 'json')
          throw new ProblemError('client.invalid_parameter', {
            detail: 'format vaut csv ou json.',
            errors: [{ pointer: '/format', detail: 'csv ou json' }],
          });
        const { entries, csv } = await svc.exportRegister(req.principal!, reviewQuery(req), format);
        const day = deps.clock.now().toISOString().slice(0, 10);
        res.set('Cache-Control', 'no-store');
        if (csv !== null) {
          res
            .set('Content-Disposition', `attachment; filename="registre-des-traitements-${day}.csv"`)
            .type('text/csv; charset=utf-8')
            .send(csv);
        } else {
          res
            .set('Content-Disposition', `attachment; filename="registre-des-traitements-${day}.json"`)
            .json({ generatedAt: deps.clock.now().toISOString(), entries });
        }
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/cases',
      operationId: 'auditListCases',
      summary: 'Cas ouverts par le contrôle d’usage et les signalements',
      parameters: [
        q('status', 'Statut', { enum: ['open', 'investigating', 'closed'] }),
        q('kind', 'Type de cas'),
        q('contract', 'Contrat'),
        q('consumer', 'SIRET du consommateur'),
        ...PAGE,
      ],
      responses: { '200': { description: 'Cas', schema: CASE_PAGE_SCHEMA }, '400': problemResponse('Filtre invalide') },
      handler: async (req, res) => {
        const filter = {
          status: queryParam(req, 'status') || undefined,
          kind: queryParam(req, 'kind') || undefined,
          contract: queryParam(req, 'contract') || undefined,
          consumer: queryParam(req, 'consumer') || undefined,
        };
        res.json(await svc.searchCases(req.principal!, filter, pageQuery(req)));
      },
    }),
    route({
      method: 'get',
      path: '/v1/audit/cases/{id}',
      operationId: 'auditGetCase',
      summary: 'Un cas : preuves, historique, notifications',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': { description: 'Cas', schema: CASE_SCHEMA }, '404': problemResponse('Cas inconnu') },
      handler: async (req, res) => {
        res.json(await svc.readCase(req.principal!, String(req.params.id)));
      },
    }),
    route({
      method: 'post',
      path: '/v1/audit/cases/{id}/status',
      operationId: 'auditChangeCaseStatus',
      summary: 'Instruire ou clore un cas (conclusion obligatoire)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        schema: {
          type: 'object',
          properties: { status: { enum: ['investigating', 'closed'] }, conclusion: { type: 'string' }, note: { type: 'string' } },
          required: ['status'],
        },
        required: true,
      },
      responses: {
        '200': { description: 'Cas mis à jour', schema: CASE_SCHEMA },
        '404': problemResponse('Cas inconnu'),
        '409': problemResponse('Transition impossible'),
        '422': problemResponse('Conclusion manquante ou corps invalide'),
      },
      handler: async (req, res) => {
        res.json(await svc.changeCase(req.principal!, String(req.params.id), CASE_STATUS.assert(req.body ?? {})));
      },
    }),
    ...auditLedgerRoutes(deps, svc, route),
  ];
}
