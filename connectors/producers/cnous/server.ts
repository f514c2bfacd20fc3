import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import soap from 'soap';
import { listDemoWorldPeople, type DemoWorldPerson } from '../../demo-world/people.js';
import { legacyPersonKey } from '../person-key.js';
import { listenOnFreePort, sendJson, type RunningServer } from '../http-server.js';

/** Arguments of ConsulterDossierBoursier (bourses.wsdl). */
interface DossierRequest {
  nom?: string;
  prenoms?: string;
  dateNaissance?: string;
  sexe?: string;
}

/** A SOAP 1.1 fault as node-soap serialises it (faultcode, faultstring, detail). */
function fault(code: string, text: string): { Fault: Record<string, unknown> } {
  return { Fault: { faultcode: 'soap:Client', faultstring: `${code}: ${text}`, detail: { code }, statusCode: 500 } };
}

/**
 * The CNOUS grants service (SOAP, WSDL `bourses.wsdl`) served by the `soap` package on a
 * node:http server. Unknown students get a `DOSSIER_INCONNU` fault.
 */
export async function startCnousServer(folder: string, host?: string): Promise<RunningServer & { wsdlUrl: string; endpoint: string }> {
  const index = new Map<string, DemoWorldPerson>();
  for (const p of listDemoWorldPeople()) {
    if (!p.student) continue;
    index.set(legacyPersonKey(p.pivot.family_name, p.pivot.given_name, p.pivot.birthdate, p.pivot.gender === 'male' ? 'M' : 'F'), p);
  }
  const service = {
    BoursesService: {
      BoursesPort: {
        ConsulterDossierBoursier(args: DossierRequest) {
          const p = index.get(legacyPersonKey(args.nom ?? '', args.prenoms ?? '', args.dateNaissance ?? '', args.sexe ?? ''));
          if (!p) throw fault('DOSSIER_INCONNU', 'aucun dossier de bourse pour cet étudiant');
          const s = p.student!;
          return {
            dossier: {
              ine: s.ine,
              boursier: s.boursier,
              echelon: s.echelon,
              anneeUniversitaire: s.anneeUniversitaire,
              statut: s.statut,
              etablissement: s.etablissement,
              ville: s.villeEtudes,
            },
          };
        },
      },
    },
  };
  const wsdl = readFileSync(join(folder, 'bourses.wsdl'), 'utf8');
  const running = await listenOnFreePort((req, res) => {
    if (req.url === '/health') return sendJson(res, 200, { status: 'ok' });
    // soap.listen answers its own path; anything else is unknown.
    if (!req.url?.startsWith('/ws/bourses')) sendJson(res, 404, { erreur: 'ROUTE_INCONNUE' });
  }, host);
  soap.listen(running.server, '/ws/bourses', service, wsdl);
  return { ...running, wsdlUrl: `${running.url}/ws/bourses?wsdl`, endpoint: `${running.url}/ws/bourses` };
}
