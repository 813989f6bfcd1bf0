import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 26 });

const POLICIES = ['--policy', 'random', '--policy', 'cheapest', '--resamples', '200'];

/** The results JSON without latency percentiles and CIs (sketch and stratified bootstrap) or the merge note. */
const exact = (text: string): unknown =>
  JSON.parse(text, (key, value: unknown) => {
    if (key === 'merged' || key === 'ci95') return undefined;
    if (key === 'latencyMs' && value) return { mean: (value as { mean: number }).mean };
    return value;
  });

describe('replay --by with --shard, merged', () => {
  // pricing-reversal: a matrix with gaps; llmdrift: arrival times (share over time).
  it.each([
    ['datasets/pricing-reversal.csv.gz', 'task'],
    ['datasets/llmdrift.csv.gz', 'subset'],
  ])(
    'gives the whole run of %s: runs, per-slice tables, references and frontier',
    async (TRACE, by) => {
      const ARGS = [...POLICIES, '--by', by];
      const dir = await mkdtemp(join(tmpdir(), 'routelab-shards-by-'));
      const json = (name: string) => join(dir, name);
      await cli(['replay', TRACE, ...ARGS, '--json', json('whole.json')]);
      for (const i of [1, 2, 3])
        await cli(['replay', TRACE, ...ARGS, '--shard', `${i}/3`, '--json', json(`s${i}.json`)]);
      await cli(['merge', json('s3.json'), json('s1.json'), json('s2.json'), '--json', json('merged.json')]);
      const [whole, merged] = await Promise.all([
        readFile(json('whole.json'), 'utf8'),
        readFile(json('merged.json'), 'utf8'),
      ]);
      const w = exact(whole) as { references: { bestSingle: unknown }; runs: { slices: object }[] };
      expect(w.references.bestSingle).toBeDefined();
      expect(Object.keys(w.runs[0]!.slices).length).toBeGreaterThan(1);
      expect('shareOverTime' in w.runs[0]!).toBe(TRACE.includes('llmdrift'));
      expect(exact(merged)).toEqual(w);
    },
    180_000,
  );
});
