/**
 * Regenerates the golden files, which are never edited by hand:
 *
 *   npm run goldens        writes test/fixtures/results/*.json and test/report/charts/__golden__/*.vl.json
 *
 * The result fixtures are what routelab computes on the bundled LLMDrift trace (its half of the requests held
 * out by a seeded, task-stratified split): one replay of five policies sliced by task, a λ sweep of a logistic
 * learned router and of knn, and that router's calibration bins. Numbers are rounded to 6 significant digits
 * so the files do not change with float noise. The chart goldens are the report's charts of those fixtures.
 * test/report/goldens.test.ts recomputes the fixtures and test/report/charts/charts.test.ts the charts, and
 * both compare with these files; after an intended change, run this script and review the diff.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  VERSION,
  buildResults,
  builtinRegistry,
  policyMaker,
  readTrace,
  replay,
  resolvePolicy,
  splitByRequest,
  sweep,
  trainRouter,
} from '../src/index.ts';
import { toJson, writeFileAtomic } from '../src/core/atomic-write.ts';
import { calibrationBins } from '../src/evaluate/demo-flow.ts';
import { buildCharts } from '../src/report/charts/build-charts.ts';
import { roundDeep } from '../src/report/charts/round.ts';
import type { CalibrationResults, ReportInputs } from '../src/report/inputs/types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEED = 0;
/** The model folder as the policy names it: relative to the folder the router is trained in. */
const MODEL = 'models/drift';
const STRONG = 'gpt-4-0314';
const WEAK = 'gpt-3.5-turbo-0613';
export const RESULTS_DIR = 'test/fixtures/results';
export const CHARTS_DIR = 'test/report/charts/__golden__';

/** File name (under RESULTS_DIR) → the value it holds, rounded; the learned router is trained in a temp dir. */
export async function resultGoldens(): Promise<Map<string, unknown>> {
  const trace = await readTrace(join(root, 'datasets', 'llmdrift.csv.gz'));
  const { train, test } = splitByRequest(trace, 0.5, SEED);
  const cwd = await mkdtemp(join(tmpdir(), 'routelab-goldens-'));
  const before = process.cwd();
  // The learned policy reads its model folder relative to the process's folder, and the folder is part of the
  // policy's name in the results: train and replay from the temp folder so the name is `learned:models/drift`.
  process.chdir(cwd);
  try {
    const trained = await trainRouter(train, { seed: SEED, out: MODEL, arch: 'logistic' });
    const registry = builtinRegistry();
    const specs = [
      'random',
      `weighted:${WEAK}=0.8,${STRONG}=0.2`,
      'best-prior',
      `cascade:${WEAK}>${STRONG}?accept=judge&epsilon=0.1`,
      `learned:${MODEL}`,
    ];
    const policies = await Promise.all(specs.map((s) => resolvePolicy(s, registry)));
    const runs = await replay(test, policies, { seed: SEED, train });
    const path = 'datasets/llmdrift.csv.gz';
    const results = buildResults(test, runs, { seed: SEED, path, version: VERSION, by: 'task' });
    // The sweep names its trace by the path it was read from; the fixture names it as the replay does.
    const sweepOf = async (spec: string) => ({
      ...(await sweep(test, spec, 'lambda', 'auto', {
        seed: SEED,
        train,
        makePolicy: policyMaker(registry),
        strong: STRONG,
        weak: WEAK,
      })),
      trace: path,
    });
    const calibration: CalibrationResults = {
      routelab: VERSION,
      calibration: calibrationBins(trained),
    };
    const files = new Map<string, unknown>([
      ['llmdrift-replay.json', results],
      ['llmdrift-sweep-learned.json', await sweepOf(`learned:${MODEL}`)],
      ['llmdrift-sweep-knn.json', await sweepOf('knn?k=20')],
      ['llmdrift-calibration.json', calibration],
    ]);
    return new Map([...files].map(([name, value]) => [name, roundDeep(value)]));
  } finally {
    process.chdir(before);
    await rm(cwd, { recursive: true, force: true });
  }
}

/** The report inputs the result goldens make, as the report tests load them. */
export function reportInputs(files: ReadonlyMap<string, unknown>): ReportInputs {
  const get = <T>(name: string): T => files.get(name) as T;
  return {
    results: [get('llmdrift-replay.json')],
    sweeps: [get('llmdrift-sweep-learned.json'), get('llmdrift-sweep-knn.json')],
    calibration: get('llmdrift-calibration.json'),
  };
}

/** File name (under CHARTS_DIR) → spec text, exactly as the chart tests' toMatchFileSnapshot writes it. */
export function chartGoldens(inputs: ReportInputs): Map<string, string> {
  const charts = buildCharts(inputs).flatMap((g) => g.charts);
  return new Map(charts.map((c) => [`${c.name}.vl.json`, JSON.stringify(c.spec, null, 2)]));
}

async function main(): Promise<void> {
  const results = await resultGoldens();
  const written: string[] = [];
  for (const [name, value] of results) {
    written.push(join(RESULTS_DIR, name));
    await writeFileAtomic(join(root, RESULTS_DIR, name), toJson(value));
  }
  for (const [name, text] of chartGoldens(reportInputs(results))) {
    written.push(join(CHARTS_DIR, name));
    await writeFileAtomic(join(root, CHARTS_DIR, name), text);
  }
  process.stdout.write(`goldens: wrote ${written.length} files\n${written.map((f) => `  ${f}\n`).join('')}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
