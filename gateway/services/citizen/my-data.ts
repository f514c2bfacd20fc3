/**
 * "Mes données" (docs/architecture.md, "Exchange pipeline"): the person asks a producer what
 * it holds about them. The consent domain plans the calls (`planMyDataConsultation`: the
 * endpoints answering about a person named by the identity pivot, the person's own identity
 * as subject); each call then goes through the exchange path — its own short list of steps
 * over the process's real ports: the person's own call stands for authentication and
 * authorisation (FranceConnect session, every scope of the API: it is about them), then
 * fetch, minimise, response check, and the ledger event BEFORE the values are shown. The
 * event's subject is the person, and so is its consumer: no administration (consumer SIRET
 * empty, context `Mes données`, presence of the citizen as consent). The values go to the
 * person's page alone: nothing of them is stored, nor logged.
 */
import { planMyDataConsultation, type MyDataCall, type MyDataPlan } from '../../../consent/index.js';
import { createExchangePipeline, type ExchangeStep } from '../../../exchange/index.js';
import type { ExchangeContext, ExchangeInput, ExchangeRuntime, ExchangeSettings } from '../../../exchange/index.js';
import type { ExchangePorts } from '../../../exchange/index.js';
import { fetchUpstream } from '../../../exchange/index.js';
import { minimise } from '../../../exchange/index.js';
import { checkResponse } from '../../../exchange/index.js';
import { ProblemError, type PersonPivot } from '../../../schemas/index.js';
import type pg from 'pg';

/** The context recorded for the person's own consultations (the trail names them so). */
export const MY_DATA_CONTEXT = 'Mes données';

type OwnInput = ExchangeInput & { own: { call: MyDataCall; subjectRef: string } };

/** Step: the person consults their own data — the subject is them, every scope of the API is theirs to see. */
const selfConsultation: ExchangeStep = async (ctx: ExchangeContext, rt: ExchangeRuntime) => {
  const { call, subjectRef } = (ctx.input as OwnInput).own;
  const target = await rt.ports.catalog.resolve(ctx.input.apiSlug, 'GET', call.pathTemplate);
  if (!target) throw new ProblemError('client.not_found', { detail: 'Ce producteur ne permet pas encore de consulter vos données.' });
  ctx.target = target;
  ctx.grantedScopes = target.scopes;
  ctx.query = call.query;
  ctx.subject = { kind: 'person', ref: subjectRef };
  ctx.citizenPresent = true;
  ctx.consent = { mode: 'franceconnect' };
  ctx.traceability = { recipient: 'la personne concernée', context: MY_DATA_CONTEXT, object: 'Consultation de ses propres données' };
};

export const MY_DATA_STEPS: readonly ExchangeStep[] = [selfConsultation, fetchUpstream, minimise, checkResponse];

export interface MyDataResult {
  plan: MyDataPlan;
  answers: { call: MyDataCall; exchangeId: string; status: number; data: unknown; problemCode: string | null }[];
}

export interface MyDataConsultation {
  consult(o: { apiSlug: string; pivot: PersonPivot }): Promise<MyDataResult>;
  close(): Promise<void>;
}

/** Built once per process over the exchange's ports (compose.ts). */
export function createMyDataConsultation(o: {
  pool: pg.Pool;
  ports: ExchangePorts;
  settings: ExchangeSettings & { publicUrl: string };
  subjectSecret: string;
}): MyDataConsultation {
  const pipeline = createExchangePipeline(o.ports, o.settings, MY_DATA_STEPS);
  return {
    async consult({ apiSlug, pivot }) {
      const plan = await planMyDataConsultation({ pool: o.pool }, { apiSlug, pivot, subjectSecret: o.subjectSecret });
      const answers: MyDataResult['answers'] = [];
      for (const call of plan.calls) {
        const input: OwnInput = {
          method: 'GET',
          apiSlug: plan.apiSlug,
          path: call.pathTemplate,
          rawQuery: '',
          authorization: undefined,
          ip: '127.0.0.1',
          readBody: async () => undefined,
          own: { call, subjectRef: plan.subjectRef },
        };
        const r = await pipeline.run(input);
        const body = r.status === 200 ? (JSON.parse(r.body) as { data: unknown }).data : null;
        answers.push({ call, exchangeId: r.exchangeId, status: r.status, data: body, problemCode: r.problemCode ?? null });
      }
      return { plan, answers };
    },
    close: () => pipeline.close(),
  };
}
