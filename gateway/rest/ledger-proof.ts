/**
 * The proof of one exchange for the person it concerns: `GET /v1/me/exchanges/{id}/proof`
 * downloads `preuve-<id>.json` (the event, its RFC 9162 inclusion proof, the co-signed
 * checkpoint), which the person checks offline with the pinned keys alone
 * (`datapedia ledger verify-evidence`, or the verifier page `/moi/preuve`). Only an event whose
 * subject is the signed-in citizen (or the company they represent) is served: any other id
 * answers 404, exactly as an unknown one.
 */
import type pg from 'pg';
import { ProblemError } from '../../schemas/index.js';
import { buildProof, findEventById } from '../../ledger/index.js';
import { problemResponse, type RouteSpec } from '../http/route.js';
import { citizenRefs } from '../services/citizen/citizen.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LedgerProofServices {
  pool: Pick<pg.Pool, 'query'>;
  /** LEDGER_WITNESS_QUORUM (or the number of witnesses): prefer a checkpoint co-signed by that many. */
  minCosignatures?: number;
}

export function ledgerProofRoutes(services: LedgerProofServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/me/exchanges/{id}/proof',
      operationId: 'getMyExchangeProof',
      tags: ['citoyen'],
      security: ['session', 'bearer'],
      access: 'citizen',
      summary: 'Télécharger la preuve d’un échange me concernant (vérifiable hors ligne)',
      description:
        'Fichier `preuve-<id>.json` : l’événement, sa preuve d’inclusion et le point de contrôle signé qui le couvre. ' +
        'À vérifier sans faire confiance au serveur : page `/moi/preuve` ou `datapedia ledger verify-evidence preuve.json --keys cles.json` ' +
        '(clés publiées à `/.well-known/ledger-keys.json`).',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'Identifiant de l’échange' },
      ],
      responses: {
        '200': {
          description: 'Preuve (datapedia.ledger.proof/1)',
          schema: { type: 'object', required: ['format', 'eventId', 'segment', 'inclusion', 'checkpoint', 'cosignatures'] },
        },
        '400': problemResponse('Identifiant invalide'),
        '401': problemResponse('Non authentifié'),
        '403': problemResponse('Réservé aux particuliers'),
        '404': problemResponse('Échange introuvable dans votre historique'),
        '409': problemResponse('Pas encore couvert par un point de contrôle : réessayer un peu plus tard'),
      },
      handler: async (req, res) => {
        const id = String(req.params.id);
        if (!UUID.test(id))
          throw new ProblemError('client.invalid_parameter', {
            detail: 'Identifiant d’échange invalide (UUID attendu).',
            errors: [{ pointer: '/id', detail: 'UUID attendu' }],
          });
        const event = await findEventById(services.pool, id.toLowerCase());
        if (!event || event.subject_ref === null || !citizenRefs(req).includes(event.subject_ref)) {
          throw new ProblemError('client.not_found', { detail: 'Aucun échange avec cet identifiant dans votre historique.' });
        }
        const proof = await buildProof(services.pool, event.id, { minCosignatures: services.minCosignatures });
        res.set('Cache-Control', 'no-store').attachment(`preuve-${event.id}.json`).json(proof);
      },
    },
  ];
}
