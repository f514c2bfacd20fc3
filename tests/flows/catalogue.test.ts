import {
  checkTerritory,
  declareProcedure,
  depositDossier,
  fetchDossier,
  getProcedure,
  listDeliveryLag,
  listMySubscriptions,
  listProcedures,
  listSubscriptions,
  requestSubscription,
  resolveCommune,
  retireProcedure,
  sanitizeFilename,
  seedFlowsDemo,
} from '../../flows/index.js';
import { ProblemError } from '../../schemas/index.js';
import { CLAIRE, FRONT_OFFICE, GIRONDE, LYON, OWNER, restaurationForm, startFlowsWorld, type FlowsWorld } from './world.js';

let w: FlowsWorld;
beforeAll(async () => {
  w = await startFlowsWorld();
});
afterAll(async () => {
  await w.stop();
});

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('territories from the Code officiel géographique', () => {
  test('commune → département → région; arrondissement → its commune; Corsica; overseas', () => {
    expect(resolveCommune('69123')).toEqual({ communes: ['69123'], departement: '69', region: '84' });
    expect(resolveCommune('69381')).toEqual({ communes: ['69381', '69123'], departement: '69', region: '84' });
    expect(resolveCommune('2A004')).toEqual({ communes: ['2A004'], departement: '2A', region: '94' });
    expect(resolveCommune('97411')).toMatchObject({ departement: '974', region: '04' });
  });

  test('unknown codes are refused with their code', async () => {
    expect(await code(() => resolveCommune('00000'))).toBe('client.unknown_commune');
    expect(await code(() => checkTerritory({ level: 'departement', code: '99' }))).toBe('client.validation_failed');
    expect(checkTerritory({ level: 'region', code: '84' })).toEqual({ level: 'region', code: '84' });
    expect(checkTerritory({ level: 'national', code: 'fr' })).toEqual({ level: 'national', code: 'FR' });
  });
});

describe('procedures and subscriptions', () => {
  test('the demo world: three procedures, subscriptions approved; seeding twice changes nothing', async () => {
    expect((await listProcedures(w.ctx)).map((p) => [p.code, p.title])).toEqual([
      ['acte-naissance', 'Demande d’acte de naissance'],
      ['aide-restauration-scolaire', 'Aide à la restauration scolaire'],
      ['inscription-listes-electorales', 'Inscription sur les listes électorales'],
    ]);
    expect((await getProcedure(w.ctx, 'aide-restauration-scolaire')).dataElements).toEqual(['quotient_familial']);
    const subs = await listSubscriptions(w.ctx);
    expect(subs.every((s) => s.status === 'active')).toBe(true);
    expect(subs.map((s) => s.subscriberSiret).sort()).toEqual([GIRONDE.siret, LYON.siret, LYON.siret, LYON.siret].sort());
    expect(
      await seedFlowsDemo(w.pool, { clock: w.clock, organisations: { owner: OWNER, communes: [LYON], departement: GIRONDE } }),
    ).toEqual({ procedures: 0, subscriptions: 0 });
    expect((await listMySubscriptions(w.ctx, GIRONDE.siret)).map((s) => s.territories)).toEqual([[{ level: 'departement', code: '33' }]]);
    const villeurbanne = { siret: '21690266800013', name: 'Ville de Villeurbanne', communeCode: '69266' };
    expect(
      await seedFlowsDemo(w.pool, {
        clock: w.clock,
        organisations: { owner: OWNER, communes: [LYON, villeurbanne], departement: GIRONDE },
      }),
    ).toEqual({ procedures: 0, subscriptions: 3 });
    expect((await listMySubscriptions(w.ctx, villeurbanne.siret)).map((s) => [s.procedureCode, s.status])).toEqual([
      ['acte-naissance', 'active'],
      ['aide-restauration-scolaire', 'active'],
      ['inscription-listes-electorales', 'active'],
    ]);
  });

  test('a birth certificate goes to the commune of birth given by the front office', async () => {
    const r = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: 'naissance-1',
      input: {
        procedureCode: 'acte-naissance',
        communeCode: CLAIRE.birthplace,
        applicant: { kind: 'person', pivot: CLAIRE },
        form: { typeActe: 'copie_integrale', nombreExemplaires: 1, motif: 'Mariage' },
      },
    });
    expect(r.subscriberSiret).toBe(LYON.siret);
  });

  test('a procedure declaration is validated: bad schema, unsafe archive rules, duplicate code', async () => {
    const base = {
      code: 'test-decl',
      title: 'Test',
      ownerSiret: OWNER.siret,
      routingLevel: 'commune' as const,
      dataElements: [],
      retentionDays: 10,
      attachments: { allowed: [], maxCount: 0 },
      formSchema: { type: 'object' },
    };
    expect(await code(declareProcedure(w.ctx, { ...base, formSchema: { type: 'objet' } }))).toBe('client.validation_failed');
    expect(
      await code(
        declareProcedure(w.ctx, { ...base, attachments: { allowed: [{ mediaType: 'application/zip', maxBytes: 1000 }], maxCount: 1 } }),
      ),
    ).toBe('client.validation_failed');
    expect(await code(declareProcedure(w.ctx, { ...base, ownerSiret: '12345678901234' }))).toBe('client.validation_failed');
    expect(await code(declareProcedure(w.ctx, { ...base, dataElements: ['quotient_familial', 'revenu_imaginaire'] }))).toBe(
      'client.validation_failed',
    );
    await declareProcedure(w.ctx, base);
    expect(await code(declareProcedure(w.ctx, base))).toBe('client.conflict');
    await retireProcedure(w.ctx, 'test-decl');
    const s = await code(
      depositDossier(w.ctx, {
        depositor: FRONT_OFFICE,
        idempotencyKey: 'retired-1',
        input: { procedureCode: 'test-decl', communeCode: '69123', applicant: { kind: 'person', pivot: CLAIRE }, form: {} },
      }),
    );
    expect(s).toBe('client.not_found');
  });

  test("a subscription cannot be finer than the procedure's routing level", async () => {
    await declareProcedure(w.ctx, {
      code: 'test-departement',
      title: 'Acheminée au département',
      ownerSiret: OWNER.siret,
      routingLevel: 'departement',
      dataElements: [],
      retentionDays: 10,
      attachments: { allowed: [], maxCount: 0 },
      formSchema: { type: 'object' },
    });
    expect(
      await code(
        requestSubscription(w.ctx, {
          procedureCode: 'test-departement',
          subscriberSiret: LYON.siret,
          subscriberName: 'x',
          territories: [{ level: 'commune', code: '69123' }],
          delivery: { mode: 'pull' },
        }),
      ),
    ).toBe('client.validation_failed');
    expect(
      await code(
        requestSubscription(w.ctx, {
          procedureCode: 'nope',
          subscriberSiret: LYON.siret,
          subscriberName: 'x',
          territories: [{ level: 'commune', code: '69123' }],
          delivery: { mode: 'pull' },
        }),
      ),
    ).toBe('client.not_found');
  });

  test('a company applicant is accepted by SIREN (or SIRET, reduced to its SIREN)', async () => {
    const r = await depositDossier(w.ctx, {
      depositor: FRONT_OFFICE,
      idempotencyKey: 'co-1',
      input: {
        procedureCode: 'aide-restauration-scolaire',
        communeCode: '69123',
        applicant: { kind: 'company', siren: '21690123100011' },
        form: restaurationForm,
      },
    });
    const d = await fetchDossier(w.ctx, {
      subscriberSiret: LYON.siret,
      dossierId: r.dossierId,
      actor: { kind: 'agent', id: 'x', organisationSiret: LYON.siret },
    });
    expect(d).toMatchObject({ subjectKind: 'company', applicant: { kind: 'company', siren: '216901231' } });
    expect(
      await code(
        depositDossier(w.ctx, {
          depositor: FRONT_OFFICE,
          idempotencyKey: 'co-2',
          input: {
            procedureCode: 'aide-restauration-scolaire',
            communeCode: '69123',
            applicant: { kind: 'company', siren: '123' },
            form: restaurationForm,
          },
        }),
      ),
    ).toBe('client.invalid_siret');
  });
});

describe('operator view', () => {
  test('delivery lag per subscriber: pending, oldest pending, deposit → first delivery', async () => {
    const lag = await listDeliveryLag(w.ctx);
    const lyon = lag.find((l) => l.subscriberSiret === LYON.siret)!;
    expect(lyon.delivered).toBeGreaterThanOrEqual(1);
    expect(lyon.pending).toBeGreaterThanOrEqual(1);
    expect(lyon.p50Ms).toBe(0);
  });
});

test('file names are reduced to a safe base name with the sniffed extension', () => {
  expect(sanitizeFilename('../../etc/passwd', 'pdf', 1)).toBe('passwd.pdf');
  expect(sanitizeFilename('C:\\Users\\a\\facture.PDF', 'pdf', 1)).toBe('facture.pdf');
  expect(sanitizeFilename('.htaccess', 'png', 2)).toBe('htaccess.png');
  expect(sanitizeFilename('a\u0000b\u202Ec<>:"|?*.exe', 'pdf', 3)).toBe('abc.pdf');
  expect(sanitizeFilename('', 'jpg', 4)).toBe('piece-jointe-4.jpg');
  expect(sanitizeFilename('x'.repeat(500), 'pdf', 5)).toHaveLength(120);
});
