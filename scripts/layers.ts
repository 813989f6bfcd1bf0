/**
 * The data flow is the layout (docs/ARCHITECTURE.md): each stage of src/ may import only the stages before it,
 * with no exception list.
 * - policies/ (the built-ins) are written as a user writes a policy: they import only the package's public
 *   entries (`routelab/policy`, `routelab/learn` in package.json `exports`) and each other.
 * - Only src/cli/ and the library entry src/index.ts import policies/: every other stage is handed policies
 *   (or a function that makes them) from above.
 */
export const ORDER = [
  'core',
  'traces',
  'policy',
  'replay',
  'simulate',
  'metrics',
  'learn',
  'evaluate',
  'report',
  'cli',
] as const;

/** Public entries of the package (package.json `exports`), by specifier, with the stage each lives in. */
export const PUBLIC_ENTRIES: Readonly<Record<string, string>> = {
  routelab: 'index',
  'routelab/policy': 'policy',
  'routelab/learn': 'learn',
};

const POLICY_ENTRIES = new Set(['routelab/policy', 'routelab/learn']);

/** The stage a repository path belongs to: a folder of src/, `policies`, or `index` for src/index.ts. */
export function stageOf(rel: string): string | undefined {
  if (rel.startsWith('policies/')) return 'policies';
  if (rel === 'src/index.ts') return 'index';
  const m = /^src\/([^/]+)\//.exec(rel);
  return m?.[1];
}

function allowed(from: string, to: string): boolean {
  if (from === 'index') return true;
  if (to === 'policies') return from === 'cli';
  if (to === 'index') return false;
  const a = ORDER.indexOf(from as (typeof ORDER)[number]);
  const b = ORDER.indexOf(to as (typeof ORDER)[number]);
  return a >= 0 && b >= 0 && b <= a;
}

const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/;

/** Repository path or package entry each import line of `rel` names: `[line index, target]`, targets in-repo only. */
export function importTargets(rel: string, lines: readonly string[]): [number, string][] {
  const out: [number, string][] = [];
  lines.forEach((line, i) => {
    const spec = IMPORT.exec(line)?.[1];
    if (spec === undefined) return;
    if (spec.startsWith('.')) out.push([i, new URL(spec, `file:///${rel}`).pathname.slice(1)]);
    else if (spec in PUBLIC_ENTRIES) out.push([i, spec]);
  });
  return out;
}

/** Lines of `rel` that break the layering, as `file:line: message`. */
export function layerViolations(rel: string, lines: readonly string[]): string[] {
  const from = stageOf(rel);
  if (!from) return [];
  const out: string[] = [];
  for (const [i, target] of importTargets(rel, lines)) {
    const where = `${rel}:${i + 1}`;
    if (from === 'policies') {
      if (!POLICY_ENTRIES.has(target) && !target.startsWith('policies/'))
        out.push(`${where}: a built-in policy imports only 'routelab/policy' and 'routelab/learn', got ${target}`);
      continue;
    }
    const to = PUBLIC_ENTRIES[target] ?? stageOf(target);
    if (to && to !== from && !allowed(from, to)) out.push(`${where}: ${from}/ must not import ${to}/ (data flow)`);
  }
  return out;
}

/** Folder-level import cycles among `edges` (folder → folders it imports), each as `a → b → … → a`. */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    path.push(n);
    for (const m of [...(edges.get(n) ?? [])].sort()) {
      if (state.get(m) === 'open') cycles.push([...path.slice(path.indexOf(m)), m].join(' → '));
      else if (!state.has(m)) visit(m);
    }
    path.pop();
    state.set(n, 'done');
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}
