import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { Express } from 'express';
import { adminAuth } from '../helpers/app.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** The shared real-world specs (`../shared/specs` from the repository root), or null when absent. */
export const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'specs');

/** CNAF of the demo world: a registered producer once the demo organisations are seeded. */
export const CNAF = '18000100000017';
export const DINUM = '13000600000017';

export const API_BODY = {
  slug: 'famille-test',
  producerSiret: CNAF,
  title: 'Prestations familiales (test)',
  description: 'Quotient familial et composition du foyer.',
  access: 'restricted',
  sensitivity: 'sensitive',
  subjectKind: 'person',
  consentPolicy: 'legal_basis',
  rateLimitPerMinute: 120,
};

/** Declares an API as the platform admin and imports a fixture into it. */
export async function createAndImport(app: Express, body: Record<string, unknown>, fixtureName?: string): Promise<void> {
  const created = await request(app).post('/v1/catalog/apis').set(adminAuth).send(body);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  if (!fixtureName) return;
  const imported = await request(app)
    .post(`/v1/catalog/apis/${String(body.slug)}/openapi`)
    .set(adminAuth)
    .set('Content-Type', fixtureName.endsWith('.json') ? 'application/json' : 'application/yaml')
    .send(fixture(fixtureName));
  if (imported.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
}
