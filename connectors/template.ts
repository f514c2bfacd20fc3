import { canonicalText } from './text.js';

/**
 * Parameter templates of connector configurations: `{name}` or `{name|filter|filter}` taken
 * from the validated request parameters, e.g. `{anneeDateNaissance}{moisDateNaissance|pad2}`.
 * An array value is joined with single spaces unless `first` is applied. An absent parameter
 * gives an empty string. Filters: canon (upper case, no accents, single spaces,
 * docs/architecture.md, "Subjects"), upper, trim, first, pad2, pad4, pad5.
 */
const PLACEHOLDER = /\{([A-Za-z0-9_]+(?:\[\])?)((?:\|[a-z0-9]+)*)\}/g;

export const TEMPLATE_FILTERS: Record<string, (s: string) => string> = {
  canon: canonicalText,
  upper: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  pad2: (s) => s.padStart(2, '0'),
  pad4: (s) => s.padStart(4, '0'),
  pad5: (s) => s.padStart(5, '0'),
};

/** The problems of a template (unknown filter, unbalanced braces); empty when usable. */
export function checkTemplate(template: string): string[] {
  const problems: string[] = [];
  const stripped = template.replace(PLACEHOLDER, (_m, _name: string, filters: string) => {
    for (const f of filters.split('|').slice(1)) {
      if (f !== 'first' && !TEMPLATE_FILTERS[f]) problems.push(`filtre inconnu « ${f} »`);
    }
    return '';
  });
  if (/[{}]/.test(stripped)) problems.push('accolade non appariée ou nom de paramètre invalide');
  return problems;
}

function asText(value: unknown, first: boolean): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return first ? asText(value[0], false) : value.map((v) => asText(v, false)).join(' ');
  return String(value);
}

type Part = string | { name: string; first: boolean; filters: ((s: string) => string)[] };

/** Templates come from the connectors' configuration (a bounded set): each is parsed once. */
const compiled = new Map<string, Part[]>();

function compile(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index! > last) parts.push(template.slice(last, m.index));
    const chain = m[2]!.split('|').slice(1);
    parts.push({
      name: m[1]!,
      first: chain.includes('first'),
      filters: chain.filter((f) => f !== 'first').map((f) => TEMPLATE_FILTERS[f]!),
    });
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (compiled.size >= 10_000) compiled.clear();
  compiled.set(template, parts);
  return parts;
}

/**
 * Renders a template against request parameters (the template was checked at load).
 * `encode` escapes each substituted value (e.g. `encodeURIComponent` for a URL path), never
 * the template's own text.
 */
export function renderTemplate(template: string, params: Record<string, unknown>, encode: (s: string) => string = (s) => s): string {
  const parts = compiled.get(template) ?? compile(template);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    let text = asText(params[p.name], p.first);
    for (const f of p.filters) text = f(text);
    out += encode(text);
  }
  return out;
}

/** Renders every template of a record. */
export function renderTemplates(templates: Record<string, string>, params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, renderTemplate(t, params)]));
}
