/** Builds the `/moi` view model from the domains (labels resolved, the citizen's rows only). */
import { listOrganisations } from '../../../catalog/index.js';
import { listMyConsentRequests, listMyConsents } from '../../../consent/index.js';
import { listArchivedPeriods } from '../../../ledger/index.js';
import type { MoiModel } from '../../../web/index.js';
import type { AppDeps } from '../../deps.js';
import type { Principal } from '../../../schemas/index.js';
import { subjectRefsOf } from './citizen.js';
import type { ConsentServices } from './consent-context.js';
import { readTrail } from './trail.js';
import type { TrailQuery } from './trail.js';

const NOTICES: Record<string, MoiModel['notice']> = {
  revoque: { kind: 'success', text: 'Votre consentement est retiré : les prochains échanges qu’il autorisait seront refusés.' },
  suspendu: { kind: 'success', text: 'Votre consentement est suspendu.' },
  retabli: { kind: 'success', text: 'Votre consentement est rétabli.' },
  accepte: { kind: 'success', text: 'Vous avez accepté la demande : votre consentement est enregistré.' },
  refuse: { kind: 'success', text: 'Vous avez refusé la demande. L’administration en est informée.' },
  signale: { kind: 'success', text: 'Votre signalement est enregistré. Un contrôleur va l’examiner ; son statut s’affiche sur l’échange.' },
  impossible: { kind: 'error', text: 'Cette action n’est plus possible : la page a été actualisée.' },
  introuvable: { kind: 'error', text: 'Élément introuvable.' },
  filtres: { kind: 'error', text: 'Filtres invalides : vérifiez les dates.' },
};

export function noticeFor(code: string | undefined): MoiModel['notice'] {
  return (code && NOTICES[code]) || null;
}

export async function buildMoiModel(
  deps: AppDeps,
  consent: Pick<ConsentServices, 'ctx' | 'labels'>,
  p: Principal,
  q: TrailQuery,
  notice: MoiModel['notice'],
): Promise<MoiModel> {
  const refs = subjectRefsOf(p);
  const { ctx, labels } = consent;
  const [trail, consents, requests, orgs, dataElements, archived] = await Promise.all([
    readTrail(deps, consent, refs, q.filters, q.cursor, q.limit),
    listMyConsents(ctx, refs),
    listMyConsentRequests(ctx, refs),
    listOrganisations(deps.pool, { limit: 200 }),
    labels.allDataElements(),
    listArchivedPeriods(deps.pool),
  ]);
  const names = async (ids: string[]) => (await labels.dataElements(ids, null, null)).map((d) => d.label);
  const filterQuery = new URLSearchParams(Object.entries(q.raw).filter((e): e is [string, string] => !!e[1])).toString();
  return {
    user: { name: p.name ?? 'Vous', logoutUrl: '/auth/logout' },
    csrfToken: p.csrfToken ?? '',
    company: p.citizen?.company ? { siren: p.citizen.company.siren } : null,
    exchanges: trail.items,
    nextHref: trail.nextCursor
      ? `/moi?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(filterQuery)), cursor: trail.nextCursor }).toString()}#historique`
      : null,
    filters: q.raw,
    filterQuery,
    administrations: orgs.items
      .map((o) => ({ siret: o.siret, name: o.acronym ? `${o.name} (${o.acronym})` : o.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    dataElements,
    consents: await Promise.all(
      consents.map(async (c) => ({
        id: c.id,
        status: c.status,
        consumerName: c.consumerSiret
          ? (await labels.organisation(c.consumerSiret))!
          : 'Toute administration habilitée pour cette finalité',
        apiTitle: (await labels.apiTitle(c.apiSlug))!,
        dataLabels: await names(c.dataElements),
        purpose: c.purpose,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        frequency: c.frequency,
      })),
    ),
    requests: await Promise.all(
      requests.map(async (r) => ({
        id: r.id,
        status: r.status,
        consumerName: (await labels.organisation(r.consumerSiret))!,
        apiTitle: (await labels.apiTitle(r.apiSlug))!,
        dataLabels: await names(r.dataElements),
        purpose: r.purpose,
        durationDays: r.durationDays,
        createdAt: r.createdAt,
      })),
    ),
    archivedPeriods: archived.map((a) => ({ from: a.from.toISOString(), to: a.to.toISOString() })),
    notice,
    acting: !!p.citizen?.acting,
  };
}
