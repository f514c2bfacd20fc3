import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

interface Operation {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
}

/**
 * `/docs`: the interactive OpenAPI reference (Swagger UI from its npm package, served by the
 * gateway under `/docs/ui/`, started by `/assets/api-reference.js`: parameters, schemas,
 * examples), then our OpenAPI document rendered server-side, grouped by tag (readable without
 * JavaScript), and the catalogue of problem codes.
 */
export function renderDocsPage(
  doc: {
    info: { title: string; version: string; description?: string };
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  },
  problems: Record<string, { status: number; title: string }>,
): SafeHtml {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) ops.push({ method, path, ...op });
  }
  const tags = [...new Set(ops.flatMap((o) => o.tags ?? ['autres']))].sort();
  const body = html`
<h1>${doc.info.title} <span class="fr-badge fr-badge--info">v${doc.info.version}</span></h1>
<p>${doc.info.description ?? ''}</p>
<p>Le document OpenAPI 3.1 complet est disponible à l’adresse <a href="/openapi.json">/openapi.json</a>.</p>
<h2 id="reference">Référence des opérations</h2>
<p>Chaque opération avec ses paramètres, ses schémas et des exemples. Le champ <code>x-access</code> indique qui peut l’appeler.</p>
<link rel="stylesheet" href="/docs/ui/swagger-ui.css">
<div id="reference-api" class="dp-api-reference" data-openapi="/openapi.json"></div>
<script src="/docs/ui/swagger-ui-bundle.js" defer></script>
<script src="/assets/api-reference.js" defer></script>
<h2 id="operations">Liste des opérations</h2>
${tags.map(
  (tag) => html`
<h3 id="tag-${tag}">${tag}</h3>
<div class="fr-table fr-table--no-caption"><table tabindex="0"><caption>Opérations « ${tag} »</caption>
<thead><tr><th scope="col">Méthode</th><th scope="col">Chemin</th><th scope="col">Résumé</th><th scope="col">Accès</th></tr></thead>
<tbody>${ops
    .filter((o) => (o.tags ?? ['autres']).includes(tag))
    .map(
      (o) => html`<tr>
<td><code>${o.method.toUpperCase()}</code></td><td><code>${o.path}</code></td><td>${o.summary ?? ''}</td>
<td>${o.security && o.security.length > 0 ? o.security.map((s) => Object.keys(s).join(' + ')).join(' ou ') : 'public'}</td></tr>`,
    )}
</tbody></table></div>`,
)}
<h2 id="problems">Codes d’erreur</h2>
<p>Les erreurs suivent la RFC 9457 (<code>application/problem+json</code>). Le champ <code>code</code> est stable ; son préfixe désigne la partie en cause : <code>client.</code>, <code>gateway.</code> ou <code>provider.</code>.</p>
<div class="fr-table"><table tabindex="0"><caption>Catalogue des codes d’erreur</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Statut HTTP</th><th scope="col">Titre</th></tr></thead>
<tbody>${Object.entries(problems).map(([code, p]) => html`<tr id="${code}"><td><code>${code}</code></td><td>${p.status}</td><td>${p.title}</td></tr>`)}</tbody></table></div>`;
  return layout({ title: 'Documentation de l’API', section: 'docs', body });
}
