/** The view model of the citizen space (built by the gateway from the consent and ledger domains). */
export interface MoiExchange {
  id: string;
  occurredAt: string;
  outcome: 'served' | 'denied' | 'failed';
  outcomeLabel: string;
  consumer: { siret: string | null; name: string | null };
  recipient: string | null;
  producer: { siret: string | null; name: string | null };
  api: { slug: string | null; title: string | null };
  dataElements: { id: string; label: string }[];
  context: string | null;
  object: string | null;
  legalBasis: { nature: string; url: string | null } | null;
  consent: { mode: string } | null;
  /** The citizen's report and the status of the auditors' examination. */
  report: { reportId: string; status: 'open' | 'investigating' | 'closed' } | null;
}

export interface MoiConsent {
  id: string;
  status: 'active' | 'paused' | 'revoked' | 'expired';
  consumerName: string;
  apiTitle: string;
  dataLabels: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  frequency: { max: number; period: 'day' | 'week' | 'month' | 'year' } | null;
}

export interface MoiRequest {
  id: string;
  status: 'pending' | 'accepted' | 'refused' | 'expired';
  consumerName: string;
  apiTitle: string;
  dataLabels: string[];
  purpose: string;
  durationDays: number;
  createdAt: string;
}

export interface MoiFilters {
  du?: string;
  au?: string;
  administration?: string;
  donnee?: string;
}

export interface MoiModel {
  user: { name: string; logoutUrl: string };
  csrfToken: string;
  company: { siren: string } | null;
  exchanges: MoiExchange[];
  /** Link to the next (older) page, or null. */
  nextHref: string | null;
  filters: MoiFilters;
  /** Query string of the active filters (for export links), without '?'. */
  filterQuery: string;
  administrations: { siret: string; name: string }[];
  dataElements: { id: string; label: string }[];
  consents: MoiConsent[];
  requests: MoiRequest[];
  /** Periods whose exchanges were archived then removed from the ledger (retention); absent: none. */
  archivedPeriods?: { from: string; to: string }[];
  /** A representative reads the dossier of the person they represent. */
  acting?: boolean;
  /** Fixed French messages chosen by code (never reflected input). */
  notice: { kind: 'success' | 'error'; text: string } | null;
}
