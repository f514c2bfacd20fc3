/**
 * Territories by INSEE COG code, from `@etalab/decoupage-administratif`: a commune (or a
 * municipal arrondissement of Paris, Lyon, Marseille, or a delegated/associated commune) resolves
 * to its commune(s), département and région, most specific first — the chain routing walks up.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ProblemError } from '../schemas/index.js';
import type { RoutingLevel, Territory } from './types.js';

interface CommuneRecord {
  code: string;
  type: string;
  departement?: string;
  region?: string;
  commune?: string;
  chefLieu?: string;
}

/** A commune resolved: `communes` lists the code itself then its parent commune, if any. */
export interface ResolvedCommune {
  communes: string[];
  departement: string;
  region: string;
}

interface Tables {
  communes: Map<string, CommuneRecord>;
  departements: Set<string>;
  regions: Set<string>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (tables) return tables;
  const require = createRequire(import.meta.url);
  const read = <T>(name: string) =>
    JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}`), 'utf8')) as T[];
  const communes = new Map<string, CommuneRecord>();
  for (const c of read<CommuneRecord>('communes.json')) {
    // An actual commune wins over a delegated commune sharing its code.
    if (!communes.has(c.code) || c.type === 'commune-actuelle') communes.set(c.code, c);
  }
  tables = {
    communes,
    departements: new Set(read<{ code: string }>('departements.json').map((d) => d.code)),
    regions: new Set(read<{ code: string }>('regions.json').map((r) => r.code)),
  };
  return tables;
}

/** Resolves a commune's COG code; unknown → `client.unknown_commune`. */
export function resolveCommune(code: string): ResolvedCommune {
  const c = typeof code === 'string' ? load().communes.get(code.toUpperCase()) : undefined;
  if (!c)
    throw new ProblemError('client.unknown_commune', {
      detail: `Commune inconnue du Code officiel géographique : ${String(code).slice(0, 10)}.`,
    });
  const up = c.type === 'arrondissement-municipal' ? c.commune : c.type === 'commune-actuelle' ? undefined : c.chefLieu;
  const parent = up && up !== c.code ? up : undefined;
  const p = parent ? load().communes.get(parent) : undefined;
  const departement = c.departement ?? p?.departement;
  const region = c.region ?? p?.region;
  if (!departement || !region) throw new ProblemError('client.unknown_commune', { detail: `Commune sans département : ${c.code}.` });
  return { communes: parent ? [c.code, parent] : [c.code], departement, region };
}

/** Checks a territory of a subscription (its code exists at its level). */
export function checkTerritory(t: Territory): Territory {
  const code = String(t.code ?? '').toUpperCase();
  const ok =
    t.level === 'national'
      ? code === 'FR'
      : t.level === 'region'
        ? load().regions.has(code)
        : t.level === 'departement'
          ? load().departements.has(code)
          : t.level === 'commune'
            ? load().communes.has(code)
            : false;
  if (!ok)
    throw new ProblemError('client.validation_failed', {
      detail: `Territoire inconnu : ${String(t.level)} ${code.slice(0, 10)}.`,
      errors: [{ pointer: '/territories', detail: 'territoire inconnu' }],
    });
  return { level: t.level, code };
}

/** The levels a dossier of a procedure may be routed at, finest first. */
export function levelsFrom(finest: RoutingLevel): RoutingLevel[] {
  const all: RoutingLevel[] = ['commune', 'departement', 'region', 'national'];
  return all.slice(all.indexOf(finest));
}
