/**
 * Datapedia's own static assets for the pages, served by the gateway under `/assets/` (the DSFR
 * is served from its package under `/dsfr/`). Files, never inline code: the pages run under a
 * Content Security Policy without 'unsafe-inline'.
 */

const CSS = `/* Datapedia — additions to the DSFR (no overrides of its components). */
.dp-inline-form { display: inline; margin: 0; }
.dp-user { cursor: default; }
.dp-user:hover { background-color: transparent; }

/* ProConnect button: the official layout (blue France button, logo at the left,
   « S’identifier avec » then « ProConnect » in bold), drawn with our own inline SVG mark. */
.dp-proconnect-group { margin-bottom: 1.5rem; }
.dp-proconnect { position: relative; display: inline-flex; flex-direction: column; align-items: flex-start; justify-content: center;
  padding: 0.625em 0.75em 0.625em 4em; margin-bottom: 0.75rem; background-color: var(--background-action-high-blue-france);
  color: var(--text-inverted-blue-france); background-image: none; text-decoration: none; }
.dp-proconnect:hover { background-color: var(--background-action-high-blue-france-hover); }
.dp-proconnect:active { background-color: var(--background-action-high-blue-france-active); }
.dp-proconnect__logo { position: absolute; top: 50%; left: 0.75em; width: 2.5em; height: 2.5em; margin-top: -1.25em; }
.dp-proconnect__login { display: block; font-size: 1.0625rem; line-height: 1.25rem; }
.dp-proconnect__brand { display: block; font-size: 1.0625rem; line-height: 1.25rem; font-weight: 700; }

/* Open statistics: the chart and its data table side by side on wide screens. */
.dp-chart { width: 100%; max-width: 40rem; height: auto; }
.dp-chart text { font-size: 12px; fill: var(--text-default-grey); }
.dp-chart .dp-bar { fill: var(--background-action-high-blue-france); }
.dp-chart .dp-axis { stroke: var(--border-default-grey); }

/* Copyable examples. */
.dp-copy { position: relative; }
.dp-copy pre { white-space: pre-wrap; word-break: break-all; padding: 1rem; background-color: var(--background-alt-grey); }
.dp-secret { font-size: 1.125rem; word-break: break-all; }
`;

const JS = `'use strict';
/* Copy buttons: <button data-copy="ID"> copies the text of #ID and says so. */
(function () {
  document.addEventListener('click', function (ev) {
    var button = ev.target instanceof Element ? ev.target.closest('button[data-copy]') : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent || '').then(function () {
      var status = document.getElementById(button.getAttribute('data-copy') + '-statut');
      if (status) status.textContent = 'Copié dans le presse-papiers.';
    });
  });
})();
`;

/**
 * Starts the OpenAPI reference of `/docs` (Swagger UI, served from its npm package under
 * `/docs/ui/`) on the element `#reference-api`, from the document its `data-openapi` names.
 * Nothing is fetched outside the origin: no validator badge, no remote configuration.
 */
const API_REFERENCE_JS = `'use strict';
(function () {
  var node = document.getElementById('reference-api');
  if (!node || typeof window.SwaggerUIBundle !== 'function') return;
  window.SwaggerUIBundle({
    url: node.getAttribute('data-openapi') || '/openapi.json',
    domNode: node,
    deepLinking: true,
    validatorUrl: null,
    configUrl: null,
    queryConfigEnabled: false,
    displayOperationId: true,
    showExtensions: true,
    defaultModelsExpandDepth: 0,
    docExpansion: 'none',
    filter: true,
    tryItOutEnabled: false
  });
})();
`;

/**
 * Whether pages link to `/assets/` (the stylesheet of the ProConnect button, the chart and the
 * copy buttons; the copy script). The gateway serves `WEB_ASSETS` under `/assets/` (gateway/pages/web.ts):
 * a page must never ask for a file that answers 404.
 */
export const ASSETS_SERVED = true;

/** Each asset by file name: content type and body. */
export const WEB_ASSETS: Record<string, { type: string; body: string }> = {
  'datapedia.css': { type: 'text/css; charset=utf-8', body: CSS },
  'datapedia.js': { type: 'text/javascript; charset=utf-8', body: JS },
  'api-reference.js': { type: 'text/javascript; charset=utf-8', body: API_REFERENCE_JS },
};
