import request from 'supertest';
import type { Express } from 'express';
import { expect } from '@jest/globals';
import { as, fullForm, LYON } from './fixtures.js';
import type { HabilitationForm } from '../../contracts/index.js';

/** RFC 6749 §2.3.1 client_secret_basic header. */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A contract through the REST workflow: drafted by alice, submitted, approved by ivan (CNAF). */
export async function activeContract(
  app: Express,
  o: { slug?: string; form?: HabilitationForm; approve?: Record<string, unknown> } = {},
): Promise<string> {
  const c = await request(app)
    .post('/v1/contracts')
    .set(as('alice'))
    .send({ apiSlug: o.slug ?? 'cnaf-qf', consumerSiret: LYON, form: o.form ?? fullForm() });
  expect(c.status).toBe(201);
  await request(app).post(`/v1/contracts/${c.body.id}/submit`).set(as('alice')).expect(200);
  const ok = await request(app)
    .post(`/v1/contracts/${c.body.id}/approve`)
    .set(as('ivan'))
    .send(o.approve ?? {});
  expect(ok.status).toBe(200);
  return c.body.id as string;
}

export async function secretClient(app: Express, contractId: string): Promise<{ client_id: string; client_secret: string }> {
  const res = await request(app)
    .post(`/v1/contracts/${contractId}/clients`)
    .set(as('alice'))
    .send({ token_endpoint_auth_method: 'client_secret_basic' });
  expect(res.status).toBe(201);
  return res.body;
}

export function tokenRequest(
  app: Express,
  client: { client_id: string; client_secret: string },
  form: Record<string, string> = { grant_type: 'client_credentials' },
): request.Test {
  return request(app).post('/oauth/token').set('Authorization', basic(client.client_id, client.client_secret)).type('form').send(form);
}
