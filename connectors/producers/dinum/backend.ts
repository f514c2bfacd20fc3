import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ConnectorConfig, RestConfig } from '../../config/types.js';
import { listenOnFreePort, sendJson } from '../http-server.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';

interface CommuneRecord {
  code: string;
  nom: string;
  departement: string;
  region: string;
  codesPostaux?: string[];
  population?: number;
  type?: string;
}

let communes: Map<string, CommuneRecord> | undefined;

/** Communes and municipal arrondissements of @etalab/decoupage-administratif, by COG code. */
export function loadCommunes(): Map<string, CommuneRecord> {
  if (communes) return communes;
  const require = createRequire(import.meta.url);
  const read = (name: string) =>
    JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}`), 'utf8')) as CommuneRecord[];
  communes = new Map();
  // Municipal arrondissements (Paris, Lyon, Marseille) are listed too: births are registered there.
  for (const c of read('communes.json')) {
    if (c.type && c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
    communes.set(c.code, { ...c, codesPostaux: c.codesPostaux ?? [] });
  }
  return communes;
}

/** Starts the DINUM open-data server (GET /communes/{code}) and binds the configuration. */
export async function startDinumBackend(config: ConnectorConfig, _folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const index = loadCommunes();
  const server = await listenOnFreePort((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/communes\/([0-9AB]{5})$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method !== 'GET' || !m) return sendJson(res, 404, { message: 'route inconnue' });
    const c = index.get(m[1]!);
    if (!c) return sendJson(res, 404, { message: 'commune inconnue' });
    sendJson(res, 200, {
      code: c.code,
      nom: c.nom,
      departement: c.departement,
      region: c.region,
      codesPostaux: c.codesPostaux,
      population: c.population,
    });
  }, ctx.host);
  return { config: { ...(config as RestConfig), baseUrl: server.url }, stop: () => server.close() };
}
