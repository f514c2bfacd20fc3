import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { Api } from '../../catalog/index.js';

export interface ImportPageModel {
  api: Api;
  user: { name: string; csrfToken?: string };
  limitBytes: number;
}

/**
 * `/catalogue/api/{slug}/import`: a producer uploads a new OpenAPI document. The script
 * (`/catalogue/import.js`, no inline code) posts the file to the REST route with the session's
 * CSRF token (meta tag) and shows the new version, its changes, or each error with its pointer.
 */
export function renderImportPage(m: ImportPageModel): SafeHtml {
  const a = m.api;
  return layout({
    title: `Importer — ${a.title}`,
    section: 'catalogue',
    user: { name: m.user.name, logoutUrl: '/auth/logout' },
    csrfToken: m.user.csrfToken,
    body: html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">
  <li><a class="fr-breadcrumb__link" href="/">Catalogue</a></li><li><a class="fr-breadcrumb__link" href="/catalogue/api/${a.slug}">${a.title}</a></li>
  <li><a class="fr-breadcrumb__link" aria-current="page">Importer</a></li></ol></nav>
<h1>Importer une nouvelle version</h1>
<p>API <strong>${a.title}</strong> — version actuelle : ${a.version ?? 'aucune'}.</p>
<p>Document OpenAPI 3.0 ou 3.1, en YAML ou en JSON, de ${Math.floor(m.limitBytes / (1024 * 1024))} Mio au plus. Un document invalide est refusé en entier : rien n’est enregistré.</p>
<form id="import-form" method="post" action="/v1/catalog/apis/${a.slug}/openapi">
  <div class="fr-upload-group">
    <label class="fr-label" for="document">Document OpenAPI<span class="fr-hint-text">Formats acceptés : .yaml, .yml, .json</span></label>
    <input class="fr-upload" type="file" id="document" name="document" accept=".yaml,.yml,.json,application/yaml,application/json" required>
  </div>
  <button class="fr-btn fr-mt-2w" type="submit" id="importer">Importer</button>
</form>
<div id="resultat" class="fr-mt-4w" aria-live="polite"></div>
<script src="/catalogue/import.js" defer></script>`,
  });
}

/** The import page's script: plain DOM, text only (never innerHTML), same-origin fetch. */
export const IMPORT_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('import-form');
  var out = document.getElementById('resultat');
  var meta = document.querySelector('meta[name="csrf-token"]');
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function show(ok, title, lines) {
    out.replaceChildren();
    var box = el('div', 'fr-alert ' + (ok ? 'fr-alert--success' : 'fr-alert--error'));
    box.setAttribute('role', ok ? 'status' : 'alert');
    box.appendChild(el('h2', 'fr-alert__title', title));
    var ul = el('ul');
    lines.forEach(function (l) { ul.appendChild(el('li', '', l)); });
    box.appendChild(ul);
    out.appendChild(box);
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var file = form.elements.document.files[0];
    if (!file) return;
    var type = /\\.json$/i.test(file.name) ? 'application/json' : 'application/yaml';
    file.text().then(function (text) {
      return fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': type, 'X-CSRF-Token': meta ? meta.content : '' }, body: text });
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      if (r.status === 201) {
        var d = r.body.diff;
        show(true, 'Version ' + r.body.version + ' importée (n° ' + r.body.seq + ')', [
          r.body.endpoints + ' point(s) d’accès',
          d ? d.endpointsAdded.length + ' ajouté(s), ' + d.endpointsRemoved.length + ' retiré(s), ' + d.endpointsChanged.length + ' modifié(s)' : 'Première version',
        ].concat((r.body.warnings || []).map(function (w) { return 'Avertissement ' + (w.pointer || '/') + ' : ' + w.detail; })));
      } else {
        show(false, r.body.title || 'Échec de l’import', [r.body.detail || ''].concat((r.body.errors || []).map(function (e) { return (e.pointer || '/') + ' : ' + e.detail; })));
      }
    }).catch(function () { show(false, 'Échec de l’import', ['Le serveur n’a pas répondu.']); });
  });
})();
`;
