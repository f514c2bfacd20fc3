/**
 * The auditors' answer to a citizen's report, posted from the case page (`/audit/cas/{id}`,
 * section `#signalements`, where the messages are shown with the case): `replyToReport` seals
 * it and records its digest in the ledger; the citizen reads it on /moi/signalements. The
 * former page of a case's reports sends the auditor to that section.
 */
import express from 'express';
import { replyToReport } from '../../consent/index.js';
import type { Services } from '../compose.js';
import { pageGuard, type RouteAccess } from '../http/access.js';
import type { RouteSpec } from '../http/route.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const caseUrl = (caseId: string) => `/audit/cas/${encodeURIComponent(caseId)}`;

export function auditReportsPageRoutes(services: Pick<Services, 'citizen'>): RouteSpec[] {
  const s = services.citizen;
  const access: RouteAccess = { platform: ['auditor'] };
  return [
    {
      method: 'get',
      path: '/audit/cas/{id}/signalements',
      operationId: 'webAuditCaseReports',
      summary: 'Les signalements des personnes pour un cas (sur la page du cas)',
      tags: ['web'],
      security: ['session'],
      access,
      hidden: true,
      responses: { '303': { description: 'La page du cas', contentType: 'text/html' } },
      before: [pageGuard(access)],
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store').redirect(303, `${caseUrl(String(req.params.id))}#signalements`);
      },
    },
    {
      method: 'post',
      path: '/audit/cas/{id}/signalements/{reportId}/reponse',
      operationId: 'webAuditReplyToReport',
      summary: 'Répondre à la personne qui a signalé',
      tags: ['web'],
      security: ['session'],
      access,
      hidden: true,
      responses: { '303': { description: 'Retour à la page du cas', contentType: 'text/html' } },
      before: [pageGuard(access), parseForm],
      handler: async (req, res) => {
        const caseId = String(req.params.id);
        await replyToReport(s.reports, {
          auditCaseId: caseId,
          reportId: String(req.params.reportId),
          reply: (req.body as Record<string, unknown> | undefined)?.reply,
          author: { kind: 'auditor', id: req.principal!.sub },
        });
        res.set('Cache-Control', 'no-store').redirect(303, `${caseUrl(caseId)}?info=repondu#signalements`);
      },
    },
  ];
}
