/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, e.g. BENCH_PROFILE of bench/exchange.ts): self
 * time by module (an npm package, a file of ours, node's internals, GC, idle) and by function.
 *   node bin/run-ts.mjs bench/profile-summary.ts <folder or .cpuprofile>... [--top N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const root = process.cwd();

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0]!.replace(/^node:internal.*/, 'node:internal');
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return relative(root, path);
}

export function summarise(p: Profile, top = 20): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const mods = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') continue;
    const m = moduleOf(f.url, f.functionName);
    mods.set(m, (mods.get(m) ?? 0) + us);
    const name = `${f.functionName || '(anonymous)'} ${m}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `| ${(v / 1000).toFixed(0).padStart(6)} ms | ${((v / busy) * 100).toFixed(1).padStart(5)} % | ${k} |`)
      .join('\n');
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (idle ${((idle / total) * 100).toFixed(0)} %)`,
    '',
    'self time by module:',
    '',
    '| self | share of busy | module |',
    '|---|---|---|',
    table(mods),
    '',
    'self time by function:',
    '',
    '| self | share of busy | function |',
    '|---|---|---|',
    table(fns),
  ].join('\n');
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 20;
const files = args.flatMap((a) =>
  statSync(a).isDirectory()
    ? readdirSync(a)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(a, f))
    : [a],
);
for (const f of files) {
  process.stdout.write(`\n### ${f}\n\n${summarise(JSON.parse(readFileSync(f, 'utf8')) as Profile, top)}\n`);
}
