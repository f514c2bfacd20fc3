/**
 * The services of the citizen's dossier, built once by gateway/compose.ts: the report sealer
 * (`report-messages`), the notification context, "Mes données" over the process's exchange
 * ports, the audit case of a report, the representation cookie's key.
 */
import { openCase, getCase } from '../../../audit/index.js';
import type { ReportContext } from '../../../consent/index.js';
import type { ExchangePipeline } from '../../../exchange/index.js';
import { createKeySealer } from '../../../schemas/index.js';
import type { AppDeps } from '../../deps.js';
import type { CaseStatusOf, ConsentContext } from '../../../consent/index.js';
import type { NotifyContext } from '../../../notify/index.js';
import type { LabelCache } from './labels.js';
import type { MyDataConsultation } from './my-data.js';
import type { OpenReportCase } from './dossier.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { exchangeSettings } from '../../exchange-adapters/real.js';
import type { ConsentServices } from './consent-context.js';
import { deriveKey } from './keys.js';
import { createMyDataConsultation } from './my-data.js';
import { createOutboxSender, createSmtpMailer, smtpSettingsFromUrl, type OutboxSender } from '../../../notify/index.js';

/** What the dossier's surfaces need, passed explicitly by the composition root. */
export interface CitizenDossierServices {
  consent: { ctx: ConsentContext; labels: LabelCache };
  /** The consent context with the sealer of report messages (`createKeySealer(KEY_ENCRYPTION_SECRET, 'report-messages')`). */
  reports: ReportContext;
  notify: NotifyContext;
  myData: MyDataConsultation;
  caseStatusOf: CaseStatusOf;
  openReportCase: OpenReportCase;
  recorder: AuditRecorder;
  /** Key of the representation cookie (derived from SESSION_SECRET) and whether cookies are Secure. */
  acting: { key: string; secure: boolean };
  subjectSecret: string;
  /** Producers allowed to declare mandates (they hold the evidence); the operator always may. */
  mandateDeclarers: readonly string[];
}

/** The demo's producer holding parenthood evidence (family benefits): the CNAF of gateway/demo/organisations.ts. */
const DEMO_MANDATE_DECLARER = '18000100000017';

/** Producers allowed to declare mandates: MANDATE_DECLARERS, or the demo's CNAF in the demo world. */
export function mandateDeclarersOf(config: Pick<AppDeps['config'], 'MANDATE_DECLARERS' | 'DEMO'>): readonly string[] {
  if (config.MANDATE_DECLARERS) return config.MANDATE_DECLARERS.split(',');
  return config.DEMO ? [DEMO_MANDATE_DECLARER] : [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type CitizenServices = CitizenDossierServices & {
  /** The notification e-mails' sender (started by background.ts); null without SMTP_URL (notifications stay queued). */
  outbox: OutboxSender | null;
  close(): Promise<void>;
};

export function createCitizenServices(
  deps: AppDeps,
  o: { consent: ConsentServices; recorder: AuditRecorder; pipeline: ExchangePipeline },
): CitizenServices {
  const reports: ReportContext = { ...o.consent.ctx, sealer: createKeySealer(deps.config.KEY_ENCRYPTION_SECRET, 'report-messages') };
  const myData = createMyDataConsultation({
    pool: deps.pool,
    ports: o.pipeline.runtime.ports,
    settings: exchangeSettings(deps.config, deps.logger),
    subjectSecret: deps.config.SUBJECT_HMAC_SECRET,
  });
  const mailer = deps.config.SMTP_URL ? createSmtpMailer(smtpSettingsFromUrl(deps.config.SMTP_URL)) : null;
  const outbox = mailer
    ? createOutboxSender({
        pool: deps.pool,
        clock: deps.clock,
        mailer,
        from: deps.config.MAIL_FROM,
        publicUrl: deps.config.PUBLIC_URL.replace(/\/+$/, ''),
        messageIdDomain: new URL(deps.config.PUBLIC_URL).hostname,
        logger: deps.logger,
      })
    : null;
  return {
    outbox,
    consent: { ctx: o.consent.ctx, labels: o.consent.labels },
    reports,
    notify: { pool: deps.pool, clock: deps.clock },
    myData,
    caseStatusOf: async (id) =>
      getCase(deps.pool, id).then(
        (c) => c.status,
        () => null,
      ),
    openReportCase: async (ev, ledgerEventId) => {
      try {
        const opened = await openCase(
          deps.pool,
          {
            kind: 'citizen_report',
            source: 'citizen',
            dedupKey: `exchange:${ev.id}`,
            evidence: [ev.id, ...(ledgerEventId ? [ledgerEventId] : [])],
            ...(ev.contract_id && UUID.test(ev.contract_id) ? { contractId: ev.contract_id } : {}),
            ...(ev.consumer_siret ? { consumerSiret: ev.consumer_siret } : {}),
            ...(ev.producer_siret ? { producerSiret: ev.producer_siret } : {}),
            ...(ev.api_slug ? { apiSlug: ev.api_slug } : {}),
            summary: `Un usager signale comme suspect l’échange ${ev.id}${ev.api_slug ? ` (API ${ev.api_slug})` : ''}.`,
          },
          deps.clock,
        );
        return opened.case.id;
      } catch (err) {
        deps.logger.warn({ err, exchangeId: ev.id }, 'citizen report: audit case not opened now (the audit evaluator will)');
        return null;
      }
    },
    recorder: o.recorder,
    acting: { key: deriveKey(deps.config, 'acting-for'), secure: deps.config.PUBLIC_URL.startsWith('https:') },
    subjectSecret: deps.config.SUBJECT_HMAC_SECRET,
    mandateDeclarers: mandateDeclarersOf(deps.config),
    close: async () => {
      await myData.close();
      mailer?.close();
    },
  };
}
