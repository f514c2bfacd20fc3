/**
 * The auditors' page of a case's citizen reports: the messages (opened for the auditor, the
 * read recorded in the ledger before the page is sent) and the answer form (`replyToReport`:
 * sealed, its digest in the ledger; the citizen reads it on /moi/signalements).
 */
import { readCaseReports, replyToReport } from '../../consent/index.js';
import { ProblemError } from '../../schemas/index.js';
import { renderCaseReportsPage } from '../../web/index.js';
import type { Services } from '../compose.js';
import { pageGuard, type RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import type { RouteSpec } from '../http/route.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };

export function auditReportsPageRoutes(services: Pick<Services, 'citizen'>): RouteSpec[] {
  const s = services.citizen;
  const access: RouteAccess = { platform: ['auditor'] };
  return [
    {
      method: 'get',
      path: '/audit/cas/{id}/signalements',
      operationId: 'webAuditCaseReports',
      summary: 'Les signalements des personnes pour un cas',
      tags: ['web'],
      security: ['session'],
      access,
      hidden: true,
      responses: HTML,
      before: [pageGuard(access)],
      handler: async (req, res) => {
        const p = req.principal!;
        const caseId = String(req.params.id);
        const reports = await readCaseReports(s.reports, caseId);
        await s.recorder.record(p, { action: 'case.read', target: caseId, result: { reports: reports.length } });
        const notice =
          queryParam(req, 'info') === 'repondu' ? 'Votre réponse est enregistrée ; la personne la voit dans son espace.' : null;
        res
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(renderCaseReportsPage({ user: { name: p.name ?? p.sub, csrfToken: p.csrfToken }, caseId, reports, notice }).toString());
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
      responses: { '303': { description: 'Retour à la page', contentType: 'text/html' } },
      before: [pageGuard(access)],
      handler: async (req, res) => {
        const caseId = String(req.params.id);
        const reply = (req.body as Record<string, unknown> | undefined)?.reply;
        try {
          await replyToReport(s.reports, {
            auditCaseId: caseId,
            reportId: String(req.params.reportId),
            reply,
            author: { kind: 'auditor', id: req.principal!.sub },
          });
        } catch (err) {
          if (!(err instanceof ProblemError) || !err.code.startsWith('client.')) throw err;
          throw err;
        }
        res.set('Cache-Control', 'no-store').redirect(303, `/audit/cas/${encodeURIComponent(caseId)}/signalements?info=repondu`);
      },
    },
  ];
}
