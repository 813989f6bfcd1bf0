/**
 * The data flow is the layout (DESIGN §1): each stage of src/ may import only the stages before it.
 * policies/ sits beside replay: it may import core, traces, policy and learn (for the learned policy).
 */
const ORDER = ['core', 'traces', 'policy', 'replay', 'simulate', 'metrics', 'learn', 'report', 'cli'] as const;

function stageOf(rel: string): string | undefined {
  if (rel.startsWith('policies/')) return 'policies';
  const m = /^src\/([^/]+)\//.exec(rel);
  return m?.[1];
}

function allowed(from: string, to: string): boolean {
  if (from === 'policies') return ['core', 'traces', 'policy', 'learn', 'policies'].includes(to);
  if (to === 'policies') return ['cli', 'learn', 'metrics'].includes(from) || from === 'index';
  const a = ORDER.indexOf(from as (typeof ORDER)[number]);
  const b = ORDER.indexOf(to as (typeof ORDER)[number]);
  return a >= 0 && b >= 0 && b <= a;
}

/** Lines of `rel` that import a later stage, as `file:line: message`. */
export function layerViolations(rel: string, lines: readonly string[]): string[] {
  const from = stageOf(rel);
  if (!from) return [];
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/.exec(line);
    if (!m) return;
    const target = new URL(m[1]!, `file:///${rel}`).pathname.slice(1);
    const to = target.startsWith('policies/')
      ? 'policies'
      : (stageOf(target) ?? (target === 'src/index.ts' ? 'index' : undefined));
    if (to && to !== from && !allowed(from, to))
      out.push(`${rel}:${i + 1}: ${from}/ must not import ${to}/ (DESIGN §1 data flow)`);
  });
  return out;
}
