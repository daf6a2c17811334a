// Lint step: the business areas under models/ form no import cycle, and product files stay small.
// Reads relative import specifiers of every tracked TypeScript file under models/ (type imports count:
// a cycle of types is still a cycle of concepts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'models'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

// A sub-folder is an area of its own: it is a layer above or below its parent, not part of it.
// customers/ holds the customer record and changeCustomer, which every area builds on, while
// customers/use-cases/ applies pool, drop and conflict rules to it; conflicts/keys/ (name parsing,
// identity keys, the conflict index the customer record keeps up to date) sits below customers/,
// conflicts/ (matching, checks) above it, and conflicts/cases/ (complaints and rulings) above pool/.
const areaOf = (file: string): string => {
  const parts = file.split('/');
  if (parts.length > 3) return `${parts[1]!}/${parts[2]!}`;
  return parts.length > 2 ? parts[1]! : '(top)';
};

const edges = new Map<string, Map<string, string>>();
for (const file of files) {
  const from = areaOf(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/from\s+'(\.\.?\/[^']+)'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
    if (!target.startsWith('models/')) continue;
    const to = areaOf(target);
    if (to === from || from === '(top)') continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const out = edges.get(from)!;
    if (!out.has(to)) out.set(to, `${file} -> ${match[1]!}`);
  }
}

// Depth-first search for a cycle; reports each cycle with one import that makes every step.
const problems: string[] = [];
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
const visit = (area: string): void => {
  state.set(area, 'open');
  stack.push(area);
  for (const next of edges.get(area)?.keys() ?? []) {
    if (state.get(next) === 'open') {
      const cycle = [...stack.slice(stack.indexOf(next)), next];
      const steps = cycle.slice(0, -1).map((a, i) => `  ${edges.get(a)!.get(cycle[i + 1]!)}`);
      problems.push(`import cycle between business areas: ${cycle.join(' -> ')}\n${steps.join('\n')}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(area, 'done');
};
for (const area of edges.keys()) if (!state.has(area)) visit(area);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`models/: ${edges.size} business areas import one another without cycles`);
