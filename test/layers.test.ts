import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerViolations } from '../scripts/layers.ts';

const root = new URL('..', import.meta.url).pathname;
const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? tsFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : [],
  );

describe('layering (DESIGN §1)', () => {
  it('flags a stage that imports a later stage', () => {
    expect(layerViolations('src/traces/x.ts', ["import { replay } from '../replay/replay.ts';"])).toHaveLength(1);
    expect(layerViolations('src/metrics/x.ts', ["import type { Trace } from '../traces/trace.ts';"])).toEqual([]);
  });

  it('holds for every file in src/ and policies/', () => {
    const found = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'policies'))].flatMap((f) =>
      layerViolations(relative(root, f), readFileSync(f, 'utf8').split('\n')),
    );
    expect(found).toEqual([]);
  });
});
