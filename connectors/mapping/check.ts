import { type ProblemItem, parsePointer } from '../../schemas/index.js';
import type { Mapping, MappingRule } from './types.js';

/**
 * Checks a mapping beyond its JSON Schema: code tables named by rules exist, and no target is
 * written twice or both as a value and as a parent (`/a` and `/a/b`). Returns one item per
 * problem, with the JSON pointer of the offending rule under `at`.
 */
export function checkMapping(mapping: Mapping, at: string): ProblemItem[] {
  const problems: ProblemItem[] = [];
  checkRules(mapping.fields, `${at}/fields`, mapping, problems);
  return problems;
}

function checkRules(rules: MappingRule[], at: string, mapping: Mapping, problems: ProblemItem[]): void {
  const targets: string[] = [];
  rules.forEach((rule, i) => {
    const here = `${at}/${i}`;
    if (rule.codeTable && !mapping.codeTables?.[rule.codeTable])
      problems.push({ pointer: `${here}/codeTable`, detail: `table de codes « ${rule.codeTable} » inconnue` });
    if (rule.from === undefined && rule.const === undefined && !('const' in rule))
      problems.push({ pointer: here, detail: 'from ou const requis' });
    if (rule.items && rule.from === undefined) problems.push({ pointer: `${here}/items`, detail: 'items exige from (une liste)' });
    const target = parsePointer(rule.to).join('\u0000');
    for (const t of targets) {
      if (t === target || t.startsWith(`${target}\u0000`) || target.startsWith(`${t}\u0000`)) {
        problems.push({ pointer: `${here}/to`, detail: `cible en conflit avec une autre règle (${rule.to})` });
        break;
      }
    }
    targets.push(target);
    if (rule.items) checkRules(rule.items, `${here}/items`, mapping, problems);
  });
}
