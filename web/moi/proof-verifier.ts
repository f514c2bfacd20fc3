/**
 * `/moi/preuve` — « Vérifier la preuve d’un échange ». The person picks the proof file they
 * downloaded from their trail; the check runs in their browser (`/assets/preuve.js`, WebCrypto),
 * against the keys Datapedia publishes or keys they bring: the file never leaves the computer and
 * no answer of the server is taken on trust. The page also lists the archived periods.
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDate } from '../french/index.js';

export interface ProofVerifierModel {
  user: { name: string; logoutUrl: string } | null;
  csrfToken?: string;
  /** Periods whose exchanges were archived then removed from the ledger (retention). */
  archivedPeriods: { from: string; to: string }[];
}

function archived(periods: ProofVerifierModel['archivedPeriods']): SafeHtml {
  if (periods.length === 0)
    return html`<p id="aucune-periode-archivee">Aucune période n’a encore été archivée : tous les échanges enregistrés sont dans le journal.</p>`;
  return html`<p>Les échanges de ces périodes ont dépassé leur durée de conservation : ils ont été versés aux archives, dans un paquet signé et vérifiable, puis retirés du journal. Ils n’apparaissent plus dans votre historique.</p>
<ul id="periodes-archivees">${periods.map((p) => html`<li data-periode-archivee>Du ${formatDate(p.from)} au ${formatDate(p.to)} : période archivée</li>`)}</ul>`;
}

export function renderProofVerifierPage(m: ProofVerifierModel): SafeHtml {
  return layout({
    title: 'Vérifier la preuve d’un échange',
    section: 'moi',
    user: m.user,
    csrfToken: m.csrfToken,
    currentPath: '/moi/preuve',
    body: html`<h1>Vérifier la preuve d’un échange</h1>
<p class="fr-text--lead">Chaque échange vous concernant est inscrit dans le journal de Datapedia. Depuis <a href="/moi">Qui a consulté mes données ?</a>, vous pouvez télécharger la preuve d’un échange (un fichier <code>preuve-….json</code>). Cette page vérifie que l’échange y est inscrit tel qu’il a été enregistré, et qu’il est couvert par un point de contrôle signé.</p>
<p>La vérification se fait dans votre navigateur : le fichier n’est pas envoyé. Elle utilise les clés publiques publiées par Datapedia (<a href="/.well-known/ledger-keys.json">clés du journal</a>), ou celles que vous fournissez.</p>
<section aria-labelledby="titre-verifier">
<h2 id="titre-verifier">Vérifier un fichier de preuve</h2>
<form id="verification-preuve" novalidate>
<div class="fr-upload-group fr-mb-3w">
<label class="fr-label" for="fichier-preuve">Fichier de preuve <span class="fr-hint-text">Le fichier preuve-….json téléchargé depuis votre historique.</span></label>
<input class="fr-upload" type="file" id="fichier-preuve" name="preuve" accept=".json,application/json">
</div>
<details class="fr-mb-3w"><summary>Utiliser mes propres clés (facultatif)</summary>
<div class="fr-upload-group fr-mt-2w">
<label class="fr-label" for="fichier-cles">Fichier de clés <span class="fr-hint-text">Un jeu de clés JSON conservé auparavant, par exemple une copie des clés du journal. Sans fichier, les clés publiées par Datapedia sont utilisées.</span></label>
<input class="fr-upload" type="file" id="fichier-cles" name="cles" accept=".json,application/json">
</div>
</details>
<button class="fr-btn" type="submit" id="verifier-preuve">Vérifier la preuve</button>
</form>
<div id="resultat-verification" class="fr-mt-3w" role="status" aria-live="polite"></div>
<noscript><p class="fr-mt-2w">La vérification dans la page demande JavaScript. Sans lui, vérifiez le fichier avec l’outil en ligne de commande ci-dessous.</p></noscript>
</section>
<section aria-labelledby="titre-archives" class="fr-mt-5w">
<h2 id="titre-archives">Périodes archivées</h2>
${archived(m.archivedPeriods)}
</section>
<section aria-labelledby="titre-hors-ligne" class="fr-mt-5w">
<h2 id="titre-hors-ligne">Vérifier sans ce site</h2>
<p>Le même contrôle, hors ligne, avec les clés que vous avez conservées :</p>
<pre><code>datapedia ledger verify-evidence preuve.json --keys cles-journal.json</code></pre>
</section>
<script src="/assets/preuve.js" defer></script>
<script src="/assets/preuve-verification.js" defer></script>`,
  });
}

/**
 * The page's behaviour (served as `/assets/preuve-verification.js`, no inline script): reads the
 * chosen file, gets the keys (the person's file, else `/.well-known/ledger-keys.json`), runs
 * `DatapediaPreuve.verifyProof` (from `/assets/preuve.js`) and says the verdict in French.
 */
export const PROOF_VERIFIER_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('verification-preuve');
  var out = document.getElementById('resultat-verification');
  if (!form || !out) return;
  function fileText(id) {
    var input = document.getElementById(id);
    var f = input && input.files && input.files[0];
    return f ? f.text() : Promise.resolve(null);
  }
  function show(verdict, title, lines) {
    var box = document.createElement('div');
    box.className = 'fr-alert fr-alert--' + (verdict === 'valide' ? 'success' : verdict === 'invalide' ? 'error' : 'info');
    box.setAttribute('data-verdict', verdict);
    var h = document.createElement('h3');
    h.className = 'fr-alert__title';
    h.textContent = title;
    box.appendChild(h);
    if (lines.length === 1) {
      var p = document.createElement('p');
      p.textContent = lines[0];
      box.appendChild(p);
    } else if (lines.length > 1) {
      var ul = document.createElement('ul');
      lines.forEach(function (l) { var li = document.createElement('li'); li.textContent = l; ul.appendChild(li); });
      box.appendChild(ul);
    }
    out.replaceChildren(box);
  }
  function when(ms) {
    return new Date(ms).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
  }
  function keysOf(text) {
    var v = JSON.parse(text);
    return Array.isArray(v) ? v : v.keys;
  }
  async function verify() {
    var proofText = await fileText('fichier-preuve');
    if (proofText === null) { show('erreur', 'Aucun fichier choisi', ['Choisissez le fichier de preuve téléchargé depuis votre historique.']); return; }
    show('en-cours', 'Vérification en cours…', []);
    var proof;
    try { proof = JSON.parse(proofText); } catch (e) { show('invalide', 'La preuve n’est pas valide', ['Le fichier n’est pas une preuve lisible : il a été modifié ou ce n’est pas un fichier de preuve.']); return; }
    var keys;
    var source;
    var own = await fileText('fichier-cles');
    try {
      if (own !== null) { keys = keysOf(own); source = 'vos propres clés'; }
      else {
        var res = await fetch('/.well-known/ledger-keys.json', { credentials: 'omit', cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        keys = keysOf(await res.text());
        source = 'les clés publiées par Datapedia';
      }
    } catch (e) { show('erreur', 'Clés indisponibles', ['Impossible de lire les clés de vérification. Réessayez, ou choisissez votre propre fichier de clés.']); return; }
    var r = await window.DatapediaPreuve.verifyProof(proof, { trustedKeys: keys });
    if (r.ok) {
      show('valide', 'La preuve est valide', [
        'L’échange du ' + when(r.event.occurred_at) + ' (identifiant ' + r.event.id + ') est inscrit dans le journal de Datapedia, tel qu’il a été enregistré.',
        'Il est couvert par le point de contrôle n° ' + r.checkpointNumber + ', signé par une clé du journal. Vérifié avec ' + source + '.',
      ]);
    } else {
      show('invalide', 'La preuve n’est pas valide', ['Le fichier a été modifié, ou il ne provient pas de Datapedia.'].concat(r.errors));
    }
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    verify().catch(function () { show('erreur', 'Vérification impossible', ['Une erreur inattendue est survenue dans la page. Vérifiez le fichier avec l’outil en ligne de commande.']); });
  });
})();
`;
