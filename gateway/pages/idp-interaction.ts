/** The embedded provider's own pages (development and tests): the account chooser of the demo world's test accounts. */
import express from 'express';
import type Provider from 'oidc-provider';
import { ProblemError } from '../../schemas/index.js';
import { renderAccountChooser, type AccountChoice } from '../../web/index.js';
import { DEMO_ORGANISATIONS } from '../demo/organisations.js';
import type { RouteSpec } from '../http/route.js';
import { findTestAccount, listTestAccounts, type TestAccount } from '../demo/test-accounts.js';

const HTML = { '200': { description: 'Page HTML', contentType: 'text/html' } };
const parseForm = express.urlencoded({ extended: false, limit: '4kb' });

function orgName(siret: string | null): string {
  if (!siret) return 'Plateforme Datapedia';
  const o = Object.values(DEMO_ORGANISATIONS).find((x) => x.siret === siret);
  return o ? (o.acronym ?? o.name) : siret;
}

function choice(a: TestAccount): AccountChoice {
  return a.kind === 'agent'
    ? { id: a.id, label: `${a.given_name} ${a.usual_name} — ${a.label}`, detail: a.email }
    : { id: a.id, label: a.label, detail: `né(e) le ${a.pivot.birthdate}` };
}

/** Accounts offered to a client: agents to the agents' client, citizens to the citizens' one. */
function groupsFor(kind: unknown): { title: string; accounts: AccountChoice[] }[] {
  const accounts = listTestAccounts();
  if (kind === 'citizen') {
    return [
      { title: 'Particuliers', accounts: accounts.filter((a) => a.kind === 'citizen' && !a.siren).map(choice) },
      { title: 'Représentants d’entreprise', accounts: accounts.filter((a) => a.kind === 'citizen' && a.siren).map(choice) },
    ];
  }
  const groups = new Map<string, AccountChoice[]>();
  for (const a of accounts) {
    if (a.kind !== 'agent') continue;
    const title = orgName(a.siret);
    groups.set(title, [...(groups.get(title) ?? []), choice(a)]);
  }
  return [...groups].map(([title, list]) => ({ title, accounts: list }));
}

async function details(provider: Provider, req: express.Request, res: express.Response) {
  try {
    return await provider.interactionDetails(req, res);
  } catch (err) {
    throw new ProblemError('client.invalid_request', {
      detail: 'Demande de connexion inconnue ou expirée : recommencez depuis Datapedia.',
      cause: err,
    });
  }
}

/**
 * The embedded provider's interaction pages (ours, not devInteractions): choose a test account.
 * The interaction is bound to the provider's `_interaction` cookie (SameSite=Lax), so a
 * cross-site form cannot complete it.
 */
export function interactionRoutes(provider: Provider, mountPath: string): RouteSpec[] {
  const base = `${mountPath}/interaction/{uid}`;
  return [
    {
      method: 'get',
      path: base,
      operationId: 'idpInteraction',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Fournisseur d’identité de test : choisir un compte',
      responses: HTML,
      handler: async (req, res) => {
        const interaction = await details(provider, req, res);
        const client = await provider.Client.find(String(interaction.params.client_id));
        res
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(
            renderAccountChooser({
              clientName: client?.clientName ?? String(interaction.params.client_id),
              groups: groupsFor((client as unknown as Record<string, unknown> | undefined)?.['datapedia:kind']),
              loginAction: `${mountPath}/interaction/${interaction.uid}/login`,
              abortAction: `${mountPath}/interaction/${interaction.uid}/abort`,
            }).toString(),
          );
      },
    },
    {
      method: 'post',
      path: `${base}/login`,
      operationId: 'idpInteractionLogin',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Fournisseur d’identité de test : se connecter avec le compte choisi',
      responses: { '303': { description: 'Retour au fournisseur', contentType: 'text/html' } },
      before: [parseForm],
      handler: async (req, res) => {
        const interaction = await details(provider, req, res);
        const account = findTestAccount(String((req.body as Record<string, unknown> | undefined)?.account ?? ''));
        if (!account) throw new ProblemError('client.invalid_parameter', { detail: 'Compte de test inconnu.' });
        if (interaction.prompt.name !== 'login')
          throw new ProblemError('client.invalid_request', { detail: 'Étape de connexion inattendue.' });
        await provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
      },
    },
    {
      method: 'post',
      path: `${base}/abort`,
      operationId: 'idpInteractionAbort',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Fournisseur d’identité de test : annuler',
      responses: { '303': { description: 'Retour au service avec access_denied', contentType: 'text/html' } },
      handler: async (req, res) => {
        await details(provider, req, res);
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'Connexion annulée par l’utilisateur.' },
          { mergeWithLastSubmission: false },
        );
      },
    },
  ];
}
