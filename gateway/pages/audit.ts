/**
 * The audit console's pages (`/audit`, French, DSFR). Same guard as the REST surface (the
 * platform `auditor` role; anonymous visitors are sent to the login page), same operations
 * (audit-service.ts): every page that shows data records the auditor's read in the ledger.
 */
import express, { type Request, type Response } from 'express';
import type { RouteSpec } from '../http/route.js';
import { pageRoute } from '../http/page-route.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from '../http/access.js';
import { queryParam } from '../http/query.js';
import { ProblemError } from '../../schemas/index.js';
import { findOrganisations, listApis, listOrganisations } from '../../catalog/index.js';
import { countCases } from '../../audit/index.js';
import { findEventById } from '../../ledger/index.js';
import {
  renderAuditActionsPage,
  renderAuditCasePage,
  renderAuditCasesPage,
  renderAuditContractPage,
  renderAuditContractsPage,
  renderAuditLedgerPage,
  renderAuditRegisterPage,
  renderAuditDelegationsPage,
  type AuditUser,
  type PageError,
} from '../../web/index.js';
import type { Services } from '../compose.js';
import { pageQuery, reviewQuery } from '../http/audit-query.js';

/** The posted form, or an empty one when the request had no (or no form) body. */
function formBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}
const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(res: Response, status: number, body: { toString(): string }): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.toString());
}

function userOf(req: Request): AuditUser {
  return { name: req.principal!.name ?? req.principal!.sub, csrfToken: req.principal!.csrfToken };
}

function toPageError(err: unknown): PageError {
  if (!(err instanceof ProblemError) || err.status >= 500) throw err;
  return { title: err.title, detail: err.detail, errors: err.errors };
}

/** `YYYY-MM-DD` of a form, as the start (or, for `to`, the end) of that UTC day. */
function dayBound(v: unknown, end: boolean): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'invalide';
  return `${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
}

export function auditWebRoutes(deps: AppDeps, services: Pick<Services, 'audit'>): RouteSpec[] {
  const svc = services.audit;

  async function names(sirets: (string | null)[]): Promise<Record<string, string>> {
    const list = [...new Set(sirets.filter((s): s is string => !!s))];
    const orgs = list.length ? await findOrganisations(deps.pool, list) : [];
    return Object.fromEntries(orgs.map((o) => [o.siret, o.acronym ?? o.name]));
  }

  async function choices(): Promise<{ apis: { slug: string; title: string }[]; organisations: { siret: string; name: string }[] }> {
    const [apis, orgs] = await Promise.all([listApis(deps.pool), listOrganisations(deps.pool, { limit: 200 })]);
    return {
      apis: apis.map((a) => ({ slug: a.slug, title: a.title })),
      organisations: orgs.items.map((o) => ({ siret: o.siret, name: o.acronym ?? o.name })),
    };
  }

  async function casePage(req: Request, res: Response, error?: PageError): Promise<void> {
    const c = await svc.readCase(req.principal!, String(req.params.id));
    const events = await Promise.all(c.evidence.slice(0, 100).map((id) => findEventById(deps.pool, id)));
    const evidence = events
      .filter((e) => e !== null)
      .map((e) => ({
        id: e.id,
        type: e.type,
        occurredAt: new Date(e.occurred_at).toISOString(),
        outcome: e.outcome,
        problemCode: e.problem_code,
        recipient: e.recipient,
        endpoint: e.endpoint,
      }));
    const notice =
      !error && queryParam(req, 'info') === 'repondu' ? 'Votre réponse est enregistrée ; la personne la voit dans son espace.' : null;
    send(
      res,
      error ? 422 : 200,
      renderAuditCasePage({
        user: userOf(req),
        case: c,
        evidence,
        reports: c.reports,
        notice,
        orgNames: await names([c.consumerSiret, c.producerSiret]),
        error,
      }),
    );
  }

  async function ledgerPage(req: Request, res: Response, extra: Partial<Parameters<typeof renderAuditLedgerPage>[0]> = {}): Promise<void> {
    const lag = await svc.evaluatorLag(req.principal!);
    send(res, extra.error ? 422 : 200, renderAuditLedgerPage({ user: userOf(req), range: {}, lag, ...extra }));
  }

  const access: RouteAccess = { platform: ['auditor'] };
  const page = (method: 'get' | 'post', path: string, operationId: string, summary: string, handler: RouteSpec['handler']): RouteSpec =>
    pageRoute(method, path, operationId, summary, access, handler, { form: parseForm });

  return [
    page('get', '/audit', 'webAuditContracts', 'Console de contrôle : contrats', async (req, res) => {
      const query = reviewQuery(req);
      const [found, ch, openCases] = await Promise.all([
        svc.searchContracts(req.principal!, query, pageQuery(req)),
        choices(),
        countCases(deps.pool).then((n) => n.open),
      ]);
      const orgNames = await names(found.items.flatMap((c) => [c.consumerSiret, c.producerSiret]));
      send(
        res,
        200,
        renderAuditContractsPage({
          user: userOf(req),
          query,
          items: found.items,
          nextCursor: found.nextCursor,
          orgNames,
          openCases,
          ...ch,
        }),
      );
    }),
    page('get', '/audit/contrats/{id}', 'webAuditContract', 'Un contrat sous revue', async (req, res) => {
      const file = await svc.contractFile(req.principal!, String(req.params.id));
      const orgNames = await names([
        file.contract.consumerSiret,
        file.contract.producerSiret,
        ...file.contract.versions.flatMap((v) => v.granted?.recipients ?? []),
      ]);
      send(res, 200, renderAuditContractPage({ user: userOf(req), ...file, orgNames }));
    }),
    page('get', '/audit/registre', 'webAuditRegister', 'Registre des traitements', async (req, res) => {
      send(res, 200, renderAuditRegisterPage({ user: userOf(req), query: reviewQuery(req), ...(await choices()) }));
    }),
    page('get', '/audit/delegations', 'webAuditDelegations', 'Délégations à des éditeurs', async (req, res) => {
      const items = await svc.listDelegations(req.principal!);
      send(
        res,
        200,
        renderAuditDelegationsPage({
          user: userOf(req),
          items,
          orgNames: await names(items.flatMap((d) => [d.consumerSiret, d.editorSiret])),
        }),
      );
    }),
    page('get', '/audit/cas', 'webAuditCases', 'Cas', async (req, res) => {
      const filter = { status: queryParam(req, 'status') || undefined, kind: queryParam(req, 'kind') || undefined };
      const found = await svc.searchCases(req.principal!, filter, pageQuery(req));
      send(
        res,
        200,
        renderAuditCasesPage({
          user: userOf(req),
          filter,
          items: found.items,
          nextCursor: found.nextCursor,
          orgNames: await names(found.items.map((c) => c.consumerSiret)),
        }),
      );
    }),
    page('get', '/audit/cas/{id}', 'webAuditCase', 'Un cas', (req, res) => casePage(req, res)),
    page('post', '/audit/cas/{id}/statut', 'webAuditCaseStatus', 'Instruire ou clore un cas', async (req, res) => {
      const b = formBody(req);
      try {
        const conclusion = typeof b.conclusion === 'string' ? b.conclusion : undefined;
        await svc.changeCase(req.principal!, String(req.params.id), {
          status: b.status,
          conclusion: b.status === 'closed' ? conclusion : undefined,
          note: b.status === 'closed' ? undefined : conclusion,
        });
        res.redirect(303, `/audit/cas/${String(req.params.id)}`);
      } catch (err) {
        await casePage(req, res, toPageError(err));
      }
    }),
    page('get', '/audit/journal', 'webAuditLedger', 'Journal et preuves', (req, res) => ledgerPage(req, res)),
    page('post', '/audit/journal/verifier', 'webAuditVerify', 'Vérifier le journal', async (req, res) => {
      const b = formBody(req);
      const range = { from: typeof b.from === 'string' ? b.from : undefined, to: typeof b.to === 'string' ? b.to : undefined };
      try {
        const report = await svc.verify(req.principal!, { from: dayBound(b.from, false), to: dayBound(b.to, true) });
        await ledgerPage(req, res, { range, report });
      } catch (err) {
        await ledgerPage(req, res, { range, error: toPageError(err) });
      }
    }),
    page('get', '/audit/journal/preuve', 'webAuditEvidence', 'Télécharger une preuve', async (req, res) => {
      const id = (queryParam(req, 'id') ?? '').trim();
      if (!UUID.test(id))
        return ledgerPage(req, res, { error: { title: 'Identifiant invalide', detail: 'Saisissez l’identifiant (UUID) de l’échange.' } });
      res.redirect(303, `/v1/audit/ledger/events/${id.toLowerCase()}/evidence`);
    }),
    page('get', '/audit/mes-actions', 'webAuditActions', 'Mes actions', async (req, res) => {
      const found = await svc.myActions(req.principal!, pageQuery(req));
      send(res, 200, renderAuditActionsPage({ user: userOf(req), items: found.items, nextCursor: found.nextCursor }));
    }),
  ];
}
