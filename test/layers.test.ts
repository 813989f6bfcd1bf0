import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, importTargets, layerViolations, PUBLIC_ENTRIES, stageOf } from '../scripts/layers.ts';

const root = new URL('..', import.meta.url).pathname;
const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : [],
  );
const sources = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'policies'))].map((f) => ({
  rel: relative(root, f),
  lines: readFileSync(f, 'utf8').split('\n'),
}));
const entryFile = (spec: string): string =>
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports[spec.replace(/^routelab/, '.')].slice(2);

/** Edges between folders, a folder named by `key` of a file's repository path. */
function edges(key: (rel: string) => string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { rel, lines } of sources) {
    for (const [, target] of importTargets(rel, lines)) {
      const to = key(target in PUBLIC_ENTRIES ? entryFile(target) : target);
      const from = key(rel);
      if (from === to) continue;
      if (!out.has(from)) out.set(from, new Set());
      out.get(from)!.add(to);
    }
  }
  return out;
}

describe('layering (docs/ARCHITECTURE.md)', () => {
  it('flags a stage that imports a later stage, and a built-in that reaches past the public entries', () => {
    expect(layerViolations('src/traces/x.ts', ["import { replay } from '../replay/replay.ts';"])).toHaveLength(1);
    expect(layerViolations('src/metrics/x.ts', ["import type { Trace } from '../traces/trace.ts';"])).toEqual([]);
    expect(layerViolations('src/evaluate/x.ts', ["import { knn } from '../../policies/knn.ts';"])).toHaveLength(1);
    expect(layerViolations('policies/x.ts', ["import { ConfigError } from '../src/core/errors.ts';"])).toHaveLength(1);
    expect(layerViolations('policies/x.ts', ["import { ConfigError } from 'routelab/policy';"])).toEqual([]);
    expect(layerViolations('policies/x.ts', ["import { replay } from 'routelab';"])).toHaveLength(1);
  });

  it('holds for every file in src/ and policies/', () => {
    expect(sources.flatMap(({ rel, lines }) => layerViolations(rel, lines))).toEqual([]);
  });

  it('has no folder-level import cycle, by folder and by stage', () => {
    const cyclic = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    expect(folderCycles(cyclic)).toEqual(['a → b → a']);
    expect(folderCycles(edges((rel) => dirname(rel)))).toEqual([]);
    expect(folderCycles(edges((rel) => stageOf(rel) ?? dirname(rel)))).toEqual([]);
  });

  it('lists the entries package.json exports', () => {
    const exportsField = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
    expect(Object.keys(exportsField).map((k) => k.replace(/^\./, 'routelab'))).toEqual(Object.keys(PUBLIC_ENTRIES));
  });
});
