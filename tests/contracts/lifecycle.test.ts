import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import {
  createHabilitationRequest,
  submitHabilitationRequest,
  approveHabilitationRequest,
  getContract,
  listContractEvents,
  runContractsHousekeeping,
  reopenContract,
  type ContractsContext,
} from '../../contracts/index.js';
import { manualClock } from '../../schemas/index.js';
import { ipAllowed } from '../../contracts/oauth/ip.js';
import { formPatch } from '../../gateway/pages/espace-form.js';
import { contractEventToLedger } from '../../gateway/services/contract-events.js';
import { CAST, fullForm, LYON } from './fixtures.js';
import { domainContext } from './domain.js';

let db: TestDatabase;
let ctx: ContractsContext;
const clock = manualClock('2026-11-23T09:00:00Z');
beforeAll(async () => {
  db = await createTestDatabase();
  ({ ctx } = await domainContext(db.pool, clock));
});
afterAll(async () => {
  await db.drop();
});

describe('a validated contract expires at its end date', () => {
  test('the sweep marks it expired with a history event; it can no longer be amended', async () => {
    const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
    await submitHabilitationRequest(ctx, CAST.alice, c.id);
    await approveHabilitationRequest(ctx, CAST.ivan, c.id, { validUntil: '2026-12-31' });
    expect((await runContractsHousekeeping(ctx)).expired).toBe(0);
    clock.set('2027-01-01T00:00:00Z');
    expect((await runContractsHousekeeping(ctx)).expired).toBe(1);
    expect((await getContract(ctx, CAST.alice, c.id)).status).toBe('expired');
    const last = (await listContractEvents(ctx, CAST.audrey, c.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'expire', from: 'active', to: 'expired', actor: { sub: 'system' } });
    await expect(reopenContract(ctx, CAST.alice, c.id)).rejects.toMatchObject({ code: 'client.invalid_transition' });
  });

  test('an end date in the past is refused at approval', async () => {
    const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
    await submitHabilitationRequest(ctx, CAST.alice, c.id);
    await expect(approveHabilitationRequest(ctx, CAST.ivan, c.id, { validUntil: '2020-01-01' })).rejects.toMatchObject({
      code: 'client.invalid_parameter',
    });
  });

  test('an unknown API cannot be requested; only the consumer’s applicants request', async () => {
    await expect(createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'nope', consumerSiret: LYON })).rejects.toMatchObject({
      code: 'client.not_found',
    });
    await expect(createHabilitationRequest(ctx, CAST.gina, { apiSlug: 'cnaf-qf', consumerSiret: LYON })).rejects.toMatchObject({
      code: 'client.forbidden',
    });
  });
});

describe('small rules', () => {
  test('IP allowlist: addresses and CIDR ranges, IPv4-mapped IPv6, empty list = any', () => {
    expect(ipAllowed([], '203.0.113.9')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '10.1.2.3')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(ipAllowed(['2001:db8::/32'], '2001:db8::1')).toBe(true);
    expect(ipAllowed(['127.0.0.1'], undefined)).toBe(false);
  });

  test('web form mapping: empty fields clear, numbers parsed, lists split, unchecked scopes = none', () => {
    expect(
      formPatch({
        intitule: ' X ',
        description: '',
        retention_months: '12',
        volume_per_minute: 'abc',
        recipients: '21690123100011\n21690123100011, 22330001300016',
        'dpo.given_name': 'Denis',
        'dpo.email': '',
      }),
    ).toMatchObject({
      intitule: 'X',
      description: null,
      retention_months: 12,
      volume_per_minute: 'abc',
      recipients: ['21690123100011', '22330001300016'],
      scopes: [],
      dpo: { given_name: 'Denis' },
      controller: null,
    });
  });

  test('ledger mapping: field names only, never values nor the written reason', async () => {
    const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
    const [created] = await listContractEvents(ctx, CAST.alice, c.id);
    const e = contractEventToLedger({ ...created!, reason: 'Contact : claire@lyon.fr' });
    expect(e).toMatchObject({
      type: 'contract.transition',
      contractId: c.id,
      contractVersion: 1,
      consumerSiret: LYON,
      outcome: 'recorded',
      actor: { kind: 'agent', id: 'alice', organisationSiret: LYON },
    });
    expect(JSON.stringify(e)).not.toContain('lyon.fr');
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(contractEventToLedger(created!).id).toBe(e.id);
  });
});
